package dev.replaymesh.redaction.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.replaymesh.redaction.mirror.Protection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * An IncrementalSnapshot Mutation: updates the mirror in the order the replayer applies the
 * parts (removes, adds, texts, attributes) and redacts what each part carries.
 */
final class MutationRedactor {

    private MutationRedactor() {
    }

    static void redact(Redaction r, ObjectNode data) {
        for (JsonNode remove : data.path("removes")) {
            r.mirror.remove(remove.path("id").asInt(-1));
        }
        // The event describes the page as it was when emitted: a marker given in this Mutation
        // protects the content added or changed in it too. New nodes' attributes come with them.
        applyAttributes(r, data.get("attributes"));
        adds(r, data);
        texts(r, data.get("texts"));
        attributes(r, data.get("attributes"));
    }

    /**
     * Adds may name a parent that is added later in the same list; they are put into the mirror
     * in passes until no more fit. A node whose parent stays unknown is redacted fail-closed.
     */
    private static void adds(Redaction r, ObjectNode data) {
        if (!(data.get("adds") instanceof ArrayNode list) || list.isEmpty()) {
            return;
        }
        boolean[] placed = new boolean[list.size()];
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int i = 0; i < list.size(); i++) {
                if (!placed[i]) {
                    JsonNode add = list.get(i);
                    JsonNode next = add.get("nextId");
                    Integer nextId = next == null || next.isNull() ? null : next.asInt();
                    if (r.mirror.add(add.path("parentId").asInt(-1), nextId, add.path("node"))) {
                        placed[i] = true;
                        progress = true;
                    }
                }
            }
        }
        ArrayNode kept = list.arrayNode(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode add = list.get(i);
            int parentId = add.path("parentId").asInt(-1);
            Protection parent = r.mirror.protectionOf(parentId);
            if (placed[i] && parent.blocked()) {
                // Content added inside a blocked element never leaves: the replayer has only the placeholder.
                long bytes = add.toString().getBytes(StandardCharsets.UTF_8).length;
                r.hit(parent.blockedBy(), "block", r.mirror.pathOf(parentId),
                        NodeRedactor.countNodes(add.path("node")), 0, bytes);
                continue;
            }
            if (add.get("node") instanceof ObjectNode node) {
                NodeRedactor.redact(r, node, !placed[i]);
            }
            kept.add(add);
        }
        if (kept.size() != list.size()) {
            data.set("adds", kept);
        }
    }

    private static void texts(Redaction r, JsonNode texts) {
        if (!(texts instanceof ArrayNode list)) {
            return;
        }
        for (Iterator<JsonNode> it = list.iterator(); it.hasNext(); ) {
            JsonNode change = it.next();
            int id = change.path("id").asInt(-1);
            Protection p = r.mirror.protectionOf(id);
            JsonNode value = change.get("value");
            if (p.blocked()) {
                long chars = value != null && value.isTextual() ? value.asText().length() : 0;
                r.hit(p.blockedBy(), "block", r.mirror.pathOf(id), 1, chars, chars);
                it.remove();
            } else if (value != null && value.isTextual() && change instanceof ObjectNode c) {
                String before = value.asText();
                String after = NodeRedactor.text(r, id, before, p);
                if (after != before) {
                    c.set("value", TextNode.valueOf(after));
                }
            }
        }
    }

    private static void applyAttributes(Redaction r, JsonNode changes) {
        for (JsonNode change : changes == null ? List.<JsonNode>of() : changes) {
            int id = change.path("id").asInt(-1);
            change.path("attributes").fields().forEachRemaining(field -> {
                JsonNode v = field.getValue();
                if (v.isNull() || v.isValueNode()) {
                    r.mirror.setAttribute(id, field.getKey(), v.isNull() ? null : v.asText());
                }
            });
        }
    }

    private static void attributes(Redaction r, JsonNode changes) {
        if (!(changes instanceof ArrayNode list)) {
            return;
        }
        for (Iterator<JsonNode> it = list.iterator(); it.hasNext(); ) {
            JsonNode change = it.next();
            int id = change.path("id").asInt(-1);
            if (!(change.get("attributes") instanceof ObjectNode attrs)) {
                continue;
            }
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            attrs.fields().forEachRemaining(fields::add);
            Protection p = r.mirror.protectionOf(id);
            if (p.blocked()) {
                r.hit(p.blockedBy(), "block", r.mirror.pathOf(id), 1, 0,
                        change.toString().getBytes(StandardCharsets.UTF_8).length);
                it.remove();
                continue;
            }
            String tag = r.mirror.tagOf(id);
            for (Map.Entry<String, JsonNode> field : fields) {
                if (field.getValue().isTextual()) {
                    String before = field.getValue().asText();
                    String after = NodeRedactor.attribute(r, id, tag == null ? "" : tag, field.getKey(), before, p);
                    if (after != before) {
                        attrs.set(field.getKey(), TextNode.valueOf(after));
                    }
                }
            }
        }
    }
}
