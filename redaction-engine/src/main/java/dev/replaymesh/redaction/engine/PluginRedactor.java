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
        if (CONSOLE.equals(plugin) && payload instanceof ObjectNode console) {
            consoleArguments(r, console.get("payload"));
            consoleArguments(r, console.get("trace"));
            return;
        }
        // Every other plugin: whatever strings it carries go through the patterns.
        StringScrubber.scrubAll(r, payload, plugin);
    }

    /**
     * The console plugin stores each argument JSON-stringified ("\"text\"", objects as JSON).
     * The patterns run over the decoded value, where an escaped line break no longer sticks to
     * the next word and a logged URL is a URL again; the argument is re-encoded only if it changed.
     */
    void consoleArguments(Redaction r, JsonNode arguments) {
        if (!(arguments instanceof com.fasterxml.jackson.databind.node.ArrayNode list)) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode argument = list.get(i);
            if (!argument.isTextual()) {
                StringScrubber.scrubAll(r, argument, CONSOLE);
                continue;
            }
            String before = argument.asText();
            JsonNode decoded = parseAny(before);
            String after;
            if (decoded != null && decoded.isTextual()) {
                String text = decoded.asText();
                String scrubbed = StringScrubber.scrub(r, text, CONSOLE);
                after = scrubbed == text ? before : TextNode.valueOf(scrubbed).toString();
            } else if (decoded != null && decoded.isContainerNode()) {
                boolean changedBefore = r.changed;
                r.changed = false;
                fields(r, decoded);
                StringScrubber.scrubAll(r, decoded, CONSOLE);
                after = r.changed ? decoded.toString() : before;
                r.changed |= changedBefore;
            } else {
                after = StringScrubber.scrub(r, before, CONSOLE);
            }
            // The raw form gets the patterns too, in case decoding hid nothing but missed something.
            after = r.patterns(after, CONSOLE);
            if (!after.equals(before)) {
                list.set(i, TextNode.valueOf(after));
            }
        }
    }

    private JsonNode parseAny(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
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
        StringBuilder masked = new StringBuilder(body.length());
        for (String pair : body.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8)
                    .toLowerCase(Locale.ROOT);
            if (masked.length() > 0) {
                masked.append('&');
            }
            if (eq > 0 && r.rules.network().bodyFields().contains(name)) {
                int length = pair.length() - eq - 1;
                r.hit("body-field:" + name, "body-field", NETWORK, 0, length, 0);
                masked.append(pair, 0, eq + 1).append("*".repeat(length));
            } else {
                masked.append(pair);
            }
        }
        String scrubbed = r.url("?" + masked, NETWORK);
        String result = scrubbed.startsWith("?") ? scrubbed.substring(1) : scrubbed;
        return result.equals(body) ? body : result;
    }

    /** Masks the values of configured JSON fields at any depth. */
    private static void fields(Redaction r, JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            object.fields().forEachRemaining(fields::add);
            for (Map.Entry<String, JsonNode> field : fields) {
                JsonNode value = field.getValue();
                String name = field.getKey().toLowerCase(Locale.ROOT);
                if (r.rules.network().bodyFields().contains(name) && !value.isNull()) {
                    // Whatever the field holds, a value or an object or array of them, is masked whole.
                    String text = value.isValueNode() ? value.asText() : value.toString();
                    r.hit("body-field:" + name, "body-field", NETWORK, 0, text.length(), 0);
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
