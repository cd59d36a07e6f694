package dev.replaymesh.redaction.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the patterns (and URL rules, for strings that are URLs) over every string in a JSON value. */
final class StringScrubber {

    private StringScrubber() {
    }

    static void scrubAll(Redaction r, JsonNode node, String path) {
        if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            object.fields().forEachRemaining(fields::add);
            for (Map.Entry<String, JsonNode> field : fields) {
                JsonNode value = field.getValue();
                if (value.isTextual()) {
                    String before = value.asText();
                    String after = scrub(r, before, path);
                    if (after != before) {
                        object.set(field.getKey(), TextNode.valueOf(after));
                    }
                } else if (value.isContainerNode()) {
                    scrubAll(r, value, path);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                if (value.isTextual()) {
                    String before = value.asText();
                    String after = scrub(r, before, path);
                    if (after != before) {
                        array.set(i, TextNode.valueOf(after));
                    }
                } else if (value.isContainerNode()) {
                    scrubAll(r, value, path);
                }
            }
        }
    }

    static String scrub(Redaction r, String text, String path) {
        return looksLikeUrl(text) ? r.url(text, path) : r.patterns(text, path);
    }

    static boolean looksLikeUrl(String s) {
        return s.startsWith("http://") || s.startsWith("https://") || (s.startsWith("/") && s.indexOf('?') > 0);
    }
}
