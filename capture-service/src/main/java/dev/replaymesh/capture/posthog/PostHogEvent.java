package dev.replaymesh.capture.posthog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * One event as posthog-js sends it: {@code {"event": "$snapshot", "uuid": ..., "timestamp": ...,
 * "properties": {"token": ..., "distinct_id": ..., "$session_id": ..., "$window_id": ..., ...}}}.
 *
 * @param name       {@code event}
 * @param token      the project's token: {@code properties.token}, else the batch's {@code api_key}
 * @param properties the event's properties (empty when it sent none)
 * @param timestamp  {@code timestamp} (ISO 8601) in ms since the epoch, 0 if it sent none
 */
record PostHogEvent(String name, String token, ObjectNode properties, long timestamp) {

    static final String SNAPSHOT = "$snapshot";

    /** Reads an event object; {@code batchToken} is the enclosing batch's {@code api_key}, or null. */
    static PostHogEvent of(ObjectNode event, String batchToken) {
        ObjectNode properties = event.get("properties") instanceof ObjectNode p ? p : event.objectNode();
        String token = text(properties, "token");
        if (token == null) {
            token = text(event, "api_key") != null ? text(event, "api_key") : batchToken;
        }
        return new PostHogEvent(text(event, "event"), token, properties, millis(event.get("timestamp")));
    }

    String sessionId() {
        return text(properties, "$session_id");
    }

    String windowId() {
        String w = text(properties, "$window_id");
        return w == null ? "" : w;
    }

    String distinctId() {
        String d = text(properties, "distinct_id");
        return d == null ? "" : d;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isValueNode() && !v.isNull() ? v.asText() : null;
    }

    private static long millis(JsonNode timestamp) {
        if (timestamp == null || timestamp.isNull()) {
            return 0;
        }
        if (timestamp.isNumber()) {
            return timestamp.asLong();
        }
        try {
            return OffsetDateTime.parse(timestamp.asText()).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }
}
