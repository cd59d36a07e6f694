package dev.replaymesh.replayctl.posthog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaymesh.format.posthog.CompressedSnapshot;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Reads the JSONL that PostHog's snapshot API answers: a line per event, {@code [windowId, event]},
 * or the older {@code {"window_id": ..., "data": [events]}} (also {@code windowId}). Events still
 * holding posthog-js's compressed fields are decompressed; one that cannot be is left out and
 * counted, never kept as it is (redaction could not see into it).
 */
public final class SnapshotLines {

    /** An rrweb event and the window it was recorded in. */
    public record WindowEvent(String windowId, ObjectNode event) {
        long timestamp() {
            return event.path("timestamp").asLong();
        }
    }

    private final CompressedSnapshot compressed;
    private long undecodable;
    private long malformed;

    public SnapshotLines(long maxInflatedField) {
        this.compressed = new CompressedSnapshot(maxInflatedField);
    }

    /** Events left out because their compressed fields could not be decoded. */
    public long undecodable() {
        return undecodable;
    }

    /** Lines or events that were not what the API describes. */
    public long malformed() {
        return malformed;
    }

    public void read(String jsonl, Consumer<WindowEvent> sink) {
        for (String line : jsonl.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = PostHogApi.JSON.readTree(line);
            } catch (IOException e) {
                malformed++;
                continue;
            }
            if (node.isArray() && node.size() == 2) {
                event(node.get(0).asText(), node.get(1), sink);
            } else if (node.isObject() && node.path("data").isArray()) {
                String window = node.has("window_id") ? node.path("window_id").asText() : node.path("windowId").asText("");
                node.path("data").forEach(e -> event(window, e, sink));
            } else {
                malformed++;
            }
        }
    }

    private void event(String window, JsonNode node, Consumer<WindowEvent> sink) {
        if (!(node instanceof ObjectNode event) || !event.path("type").isNumber() || !event.path("timestamp").isNumber()) {
            malformed++;
            return;
        }
        try {
            compressed.decompress(event);
        } catch (CompressedSnapshot.UndecodableSnapshotException e) {
            undecodable++;
            return;
        }
        sink.accept(new WindowEvent(window, event));
    }
}
