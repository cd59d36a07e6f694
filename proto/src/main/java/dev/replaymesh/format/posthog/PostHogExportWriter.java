package dev.replaymesh.format.posthog;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the JSON file PostHog's "Export to JSON" writes for a recording (version
 * {@value #VERSION}), which PostHog's "load from file" reads:
 *
 * <pre>
 * {"version":"2023-04-28","data":{"id":"...","person":{"distinct_ids":["..."],"properties":{}},
 *  "snapshots":[{...rrweb event..., "windowId":1}, ...]}}
 * </pre>
 *
 * Window ids are numbered 1, 2, ... in the order first seen, as PostHog's player numbers them.
 * PostHog's reader takes the first and last snapshot for the recording's start and end and does
 * not decompress events, so the caller hands events in timestamp order, decompressed, and at
 * least one. Streams: holds one event at a time.
 */
public final class PostHogExportWriter implements AutoCloseable {

    public static final String VERSION = "2023-04-28";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonGenerator out;
    private final Map<String, Integer> windowNumbers = new LinkedHashMap<>();
    private long written;

    /** @param distinctId the recording's person, or {@code null} if unknown */
    public PostHogExportWriter(OutputStream stream, String sessionId, String distinctId) throws IOException {
        this.out = JSON.getFactory().createGenerator(stream, JsonEncoding.UTF8);
        out.writeStartObject();
        out.writeStringField("version", VERSION);
        out.writeObjectFieldStart("data");
        out.writeStringField("id", sessionId);
        if (distinctId != null && !distinctId.isEmpty()) {
            out.writeObjectFieldStart("person");
            out.writeArrayFieldStart("distinct_ids");
            out.writeString(distinctId);
            out.writeEndArray();
            out.writeObjectFieldStart("properties");
            out.writeEndObject();
            out.writeEndObject();
        }
        out.writeArrayFieldStart("snapshots");
    }

    /**
     * Adds one rrweb event, tagged with its window's number.
     *
     * @throws IllegalArgumentException if {@code rrwebEvent} is not a JSON object
     */
    public void write(String windowId, byte[] rrwebEvent) throws IOException {
        JsonNode event = JSON.readTree(rrwebEvent);
        if (!(event instanceof ObjectNode object)) {
            throw new IllegalArgumentException("an rrweb event is a JSON object");
        }
        object.put("windowId", windowNumbers.computeIfAbsent(windowId, w -> windowNumbers.size() + 1));
        JSON.writeTree(out, object);
        written++;
    }

    public long written() {
        return written;
    }

    /** Ends the JSON document. */
    public void finish() throws IOException {
        out.writeEndArray();
        out.writeEndObject();
        out.writeEndObject();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
