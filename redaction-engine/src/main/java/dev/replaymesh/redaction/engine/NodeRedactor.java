package dev.replaymesh.redaction.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.replaymesh.redaction.mirror.Protection;
import dev.replaymesh.redaction.mirror.SessionMirror;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Redacts a serialized rrweb node tree in place (a FullSnapshot's root, or a node a Mutation
 * adds), using protections the mirror computed for the same nodes.
 */
final class NodeRedactor {

    static final int DOCUMENT = 0;
    static final int ELEMENT = 2;
    static final int TEXT = 3;
    static final int CDATA = 4;
    static final int COMMENT = 5;

    /** Attributes holding URLs: query parameters are masked by name, then patterns run. */
    static final Set<String> URL_ATTRIBUTES = Set.of("href", "src", "action", "formaction", "poster", "cite", "data",
            "background", "ping", "xlink:href", "srcset", "imagesrcset", "data-src", "data-href", "data-url");

    /** Attributes kept (with patterns) on a node of unknown ancestry: they shape the page, show nothing. */
    static final Set<String> STRUCTURAL_ATTRIBUTES = Set.of("class", "id", "type", "role", "name", "rr_width",
            "rr_height", "style", "width", "height", "dir", "lang", "tabindex", "for", "rel", "media", "charset");

    /** Attributes that show text to a person; a masked element's are masked like its text. */
    static final Set<String> TEXT_ATTRIBUTES = Set.of("title", "alt", "placeholder", "aria-label", "aria-description",
            "aria-valuetext", "label", "summary");

    /** Attributes a blocked element keeps: enough to lay out a placeholder, nothing it showed. */
    static final Set<String> PLACEHOLDER_ATTRIBUTES = Set.of("class", "id", "rr_width", "rr_height");

    private NodeRedactor() {
    }

    /**
     * Redacts {@code node} and its subtree. With {@code unknownAncestry} every node counts as
     * unknown (its parent was not in the mirror): text and values are masked.
     */
    static void redact(Redaction r, ObjectNode node, boolean unknownAncestry) {
        int id = node.path("id").asInt(-1);
        int type = node.path("type").asInt(-1);
        Protection p = unknownAncestry || id < 0
                // Ancestry unknown: the node's own markers still count.
                ? (type == ELEMENT ? SessionMirror.ownProtection(node, r.rules) : Protection.UNKNOWN)
                : r.mirror.protectionOf(id);
        switch (type) {
            case ELEMENT -> {
                if (p.blocked()) {
                    placeholder(r, node, id, p);
                    return;
                }
                redactAttributes(r, node, id, p);
                children(r, node, unknownAncestry);
            }
            case TEXT, COMMENT, CDATA -> redactText(r, node, id, p);
            case DOCUMENT -> children(r, node, unknownAncestry);
            default -> {
                // DocumentType and future node kinds carry no page content but may carry strings.
                StringScrubber.scrubAll(r, node, r.mirror.pathOf(id));
            }
        }
    }

    /** What one text node becomes, for text nodes and for Mutation text changes alike. */
    static String text(Redaction r, int id, String text, Protection p) {
        if (p.unknown()) {
            return r.maskText(text, Protection.FAIL_CLOSED, "fail-closed", id);
        }
        if (p.masked()) {
            return r.maskText(text, p.maskedBy(), "mask", id);
        }
        return r.patterns(text, id);
    }

    /** What one attribute value becomes, for snapshots and for Mutation attribute changes alike. */
    static String attribute(Redaction r, int id, String tag, String name, String value, Protection p) {
        if ("value".equals(name) && (InputValues.isInputTag(tag) || p.unknown())) {
            return InputValues.redact(r, id, tag, r.mirror.attributeOf(id, "type"), value, p);
        }
        if (p.unknown() && !STRUCTURAL_ATTRIBUTES.contains(name) && !URL_ATTRIBUTES.contains(name)) {
            return r.maskText(value, Protection.FAIL_CLOSED, "fail-closed", id);
        }
        if ((p.masked() || p.unknown()) && TEXT_ATTRIBUTES.contains(name)) {
            return r.maskText(value, p.unknown() ? Protection.FAIL_CLOSED : p.maskedBy(),
                    p.unknown() ? "fail-closed" : "mask", id);
        }
        if (URL_ATTRIBUTES.contains(name)) {
            return r.url(value, id);
        }
        return r.patterns(value, id);
    }

    private static void redactText(Redaction r, ObjectNode node, int id, Protection p) {
        JsonNode content = node.get("textContent");
        if (content != null && content.isTextual()) {
            String before = content.asText();
            String after = text(r, id, before, p);
            if (after != before) {
                node.put("textContent", after);
            }
        }
    }

    private static void redactAttributes(Redaction r, ObjectNode node, int id, Protection p) {
        JsonNode attributes = node.get("attributes");
        if (!(attributes instanceof ObjectNode attrs)) {
            return;
        }
        String tag = node.path("tagName").asText("").toLowerCase(java.util.Locale.ROOT);
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        attrs.fields().forEachRemaining(fields::add);
        for (Map.Entry<String, JsonNode> field : fields) {
            if (field.getValue().isTextual()) {
                String before = field.getValue().asText();
                String after = attribute(r, id, tag, field.getKey(), before, p);
                if (after != before) {
                    attrs.set(field.getKey(), TextNode.valueOf(after));
                }
            }
        }
    }

    private static void children(Redaction r, ObjectNode node, boolean unknownAncestry) {
        JsonNode children = node.get("childNodes");
        if (children instanceof ArrayNode list) {
            for (JsonNode child : list) {
                if (child instanceof ObjectNode c) {
                    redact(r, c, unknownAncestry);
                }
            }
        }
    }

    /** Replaces a blocked element's content with nothing, as rrweb's rr-block does. */
    private static void placeholder(Redaction r, ObjectNode node, int id, Protection p) {
        long bytes = node.toString().getBytes(StandardCharsets.UTF_8).length;
        long nodes = countNodes(node);
        JsonNode attributes = node.get("attributes");
        if (attributes instanceof ObjectNode attrs) {
            for (Iterator<String> names = attrs.fieldNames(); names.hasNext(); ) {
                if (!PLACEHOLDER_ATTRIBUTES.contains(names.next())) {
                    names.remove();
                }
            }
            for (String kept : List.of("class", "id")) {
                if (attrs.get(kept) != null && attrs.get(kept).isTextual()) {
                    String before = attrs.get(kept).asText();
                    String after = r.patterns(before, id);
                    if (after != before) {
                        attrs.put(kept, after);
                    }
                }
            }
        }
        if (node.has("childNodes")) {
            node.putArray("childNodes");
        }
        long kept = node.toString().getBytes(StandardCharsets.UTF_8).length;
        r.hit(p.blockedBy(), "block", r.mirror.pathOf(id), nodes, 0, bytes - kept);
    }

    static long countNodes(JsonNode node) {
        long n = 1;
        for (JsonNode child : node.path("childNodes")) {
            n += countNodes(child);
        }
        return n;
    }
}
