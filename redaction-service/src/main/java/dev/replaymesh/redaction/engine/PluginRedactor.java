package dev.replaymesh.redaction.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Plugin events: console output, recorded network requests, and any other plugin's strings. */
final class PluginRedactor {

    static final String CONSOLE = "rrweb/console@1";
    static final String NETWORK = "rrweb/network@1";

    private final ObjectMapper json;

    PluginRedactor(ObjectMapper json) {
        this.json = json;
    }

    void redact(Redaction r, ObjectNode data, String plugin) {
        JsonNode payload = data.get("payload");
        if (payload == null) {
            return;
        }
        if (NETWORK.equals(plugin)) {
            for (JsonNode request : payload.path("requests")) {
                if (request instanceof ObjectNode req) {
                    request(r, req);
                }
            }
            return;
        }
        // Console and every other plugin: whatever strings they carry go through the patterns.
        StringScrubber.scrubAll(r, payload, plugin);
    }

    private void request(Redaction r, ObjectNode req) {
        headers(r, req.get("requestHeaders"));
        headers(r, req.get("responseHeaders"));
        body(r, req, "requestBody");
        body(r, req, "responseBody");
        List<Map.Entry<String, JsonNode>> rest = new ArrayList<>();
        req.fields().forEachRemaining(rest::add);
        for (Map.Entry<String, JsonNode> field : rest) {
            String name = field.getKey();
            if (name.endsWith("Headers") || name.endsWith("Body")) {
                continue;
            }
            JsonNode value = field.getValue();
            if (value.isTextual()) {
                String before = value.asText();
                String after = "name".equals(name) ? r.url(before, NETWORK) : StringScrubber.scrub(r, before, NETWORK);
                if (after != before) {
                    req.set(name, TextNode.valueOf(after));
                }
            } else if (value.isContainerNode()) {
                StringScrubber.scrubAll(r, value, NETWORK);
            }
        }
    }

    private static void headers(Redaction r, JsonNode headers) {
        if (!(headers instanceof ObjectNode h)) {
            return;
        }
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        h.fields().forEachRemaining(fields::add);
        for (Map.Entry<String, JsonNode> field : fields) {
            String name = field.getKey().toLowerCase(Locale.ROOT);
            JsonNode value = field.getValue();
            if (r.rules.network().headers().contains(name)) {
                String text = value.asText();
                r.hit("header:" + name, "header", NETWORK, 0, text.length(), 0);
                h.set(field.getKey(), TextNode.valueOf("*".repeat(text.length())));
            } else if (value.isTextual()) {
                String before = value.asText();
                String after = r.patterns(before, NETWORK);
                if (after != before) {
                    h.set(field.getKey(), TextNode.valueOf(after));
                }
            }
        }
    }

    private void body(Redaction r, ObjectNode req, String field) {
        JsonNode body = req.get(field);
        if (body == null || body.isNull()) {
            return;
        }
        if (r.rules.network().dropBodies()) {
            long bytes = body.toString().getBytes(StandardCharsets.UTF_8).length;
            r.hit("network:drop-bodies", "drop", NETWORK, 0, 0, bytes);
            req.remove(field);
            return;
        }
        if (body.isContainerNode()) {
            fields(r, body);
            StringScrubber.scrubAll(r, body, NETWORK);
            return;
        }
        if (!body.isTextual()) {
            return;
        }
        String text = body.asText();
        JsonNode parsed = parseJson(text);
        if (parsed != null) {
            // Re-serialise the body only when something in it changed.
            boolean changedBefore = r.changed;
            r.changed = false;
            fields(r, parsed);
            StringScrubber.scrubAll(r, parsed, NETWORK);
            if (r.changed) {
                req.set(field, TextNode.valueOf(parsed.toString()));
            }
            r.changed |= changedBefore;
        } else {
            // Form bodies (a=1&password=x) read like a query string; anything else gets the patterns.
            String after = text.indexOf('=') > 0 && text.indexOf(' ') < 0 ? formBody(r, text) : r.patterns(text, NETWORK);
            if (after != text) {
                req.set(field, TextNode.valueOf(after));
            }
        }
    }

    private static String formBody(Redaction r, String body) {
        String scrubbed = r.url("?" + body, NETWORK);
        return scrubbed.startsWith("?") ? scrubbed.substring(1) : scrubbed;
    }

    /** Masks the values of configured JSON fields at any depth. */
    private static void fields(Redaction r, JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            object.fields().forEachRemaining(fields::add);
            for (Map.Entry<String, JsonNode> field : fields) {
                JsonNode value = field.getValue();
                if (r.rules.network().bodyFields().contains(field.getKey().toLowerCase(Locale.ROOT)) && value.isValueNode()
                        && !value.isNull()) {
                    String text = value.asText();
                    r.hit("body-field:" + field.getKey().toLowerCase(Locale.ROOT), "body-field", NETWORK, 0, text.length(), 0);
                    object.set(field.getKey(), TextNode.valueOf("*".repeat(Math.max(1, text.length()))));
                } else if (value.isContainerNode()) {
                    fields(r, value);
                }
            }
        } else if (node != null && node.isArray()) {
            for (JsonNode item : node) {
                fields(r, item);
            }
        }
    }

    private JsonNode parseJson(String text) {
        String t = text.trim();
        if (!(t.startsWith("{") || t.startsWith("["))) {
            return null;
        }
        try {
            return json.readTree(t);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
