package dev.replaymesh.capture.posthog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaymesh.capture.service.CaptureRefusedException;
import dev.replaymesh.capture.service.Refusal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the events of a posthog-js request body: an array of events (its batched requests), one
 * event object, or {@code {"api_key": ..., "batch": [...]}} (the {@code /batch/} form of PostHog's
 * server libraries). Events are read one at a time, so a tree is only ever one event's size.
 */
final class PostHogBatchReader {

    static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            // Full snapshots carry long strings (inlined styles, images as data URLs).
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE)
                    .maxNestingDepth(10_000).build())
            .build());

    private final int maxEvents;

    PostHogBatchReader(int maxEvents) {
        this.maxEvents = maxEvents;
    }

    List<PostHogEvent> read(byte[] json) {
        List<PostHogEvent> events = new ArrayList<>();
        try (JsonParser p = JSON.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_ARRAY) {
                readArray(p, events);
            } else if (first == JsonToken.START_OBJECT) {
                ObjectNode object = p.readValueAsTree();
                if (object.get("batch") != null && object.get("batch").isArray()) {
                    String apiKey = object.path("api_key").asText(null);
                    for (var e : object.get("batch")) {
                        add(events, e, apiKey);
                    }
                } else {
                    add(events, object, null);
                }
            } else {
                throw invalid("expected a JSON array of events or an event object");
            }
            if (p.nextToken() != null) {
                throw invalid("unexpected content after the JSON value");
            }
        } catch (JsonProcessingException e) {
            throw invalid("not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw invalid("not readable (" + e.getMessage() + ")");
        }
        return events;
    }

    private void readArray(JsonParser p, List<PostHogEvent> events) throws IOException {
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw invalid("event " + (events.size() + 1) + ": expected a JSON object");
            }
            add(events, p.readValueAsTree(), null);
        }
    }

    private void add(List<PostHogEvent> events, Object node, String apiKey) {
        if (!(node instanceof ObjectNode event)) {
            throw invalid("event " + (events.size() + 1) + ": expected a JSON object");
        }
        if (events.size() == maxEvents) {
            throw new CaptureRefusedException(Refusal.TOO_LARGE, "more than " + maxEvents + " events in one request");
        }
        events.add(PostHogEvent.of(event, apiKey));
    }

    private static CaptureRefusedException invalid(String why) {
        return new CaptureRefusedException(Refusal.INVALID, "body: " + why);
    }
}
