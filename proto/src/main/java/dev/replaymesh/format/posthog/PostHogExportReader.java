package dev.replaymesh.format.posthog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaymesh.format.RefusedPackageException;
import dev.replaymesh.format.RefusedPackageException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the JSON file of PostHog's "Export to JSON": version {@value PostHogExportWriter#VERSION}
 * ({@code data.snapshots}, each an rrweb event with its {@code windowId}, a number or a UUID) and
 * the older {@code 2022-12-02} ({@code data.snapshotsByWindowId}), which PostHog's own reader
 * turns into the newer one sorted by timestamp. Newer files are streamed an event at a time.
 * PostHog writes its exports decompressed; an event that still holds posthog-js's compressed
 * fields ({@code cv}) is decompressed here, so readers always get plain rrweb events.
 */
public final class PostHogExportReader {

    public static final String LEGACY_VERSION = "2022-12-02";

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(10_000)
                    .maxStringLength(Integer.MAX_VALUE).build()).build());

    /** Most bytes one compressed field of an event may inflate to. */
    static final long MAX_INFLATED_FIELD = 64L << 20;

    private final CompressedSnapshot compressed = new CompressedSnapshot(MAX_INFLATED_FIELD);
    private long read;

    /** One snapshot: its window (as the file names it) and the rrweb event without {@code windowId}. */
    public record Snapshot(String windowId, ObjectNode event) {
        public long timestamp() {
            return event.path("timestamp").asLong();
        }

        public int type() {
            return event.path("type").asInt(-1);
        }
    }

    /** The recording's id and person, read before its snapshots. */
    public record Header(String version, String id, String distinctId) {
    }

    /**
     * Hands on every snapshot in the file's order (timestamp order for the legacy version).
     *
     * @return the recording's id and person
     * @throws RefusedPackageException MALFORMED if it is not such a file, or a version PostHog's
     *     import does not read either
     */
    public Header read(InputStream in, Consumer<Snapshot> sink) throws IOException {
        try (JsonParser p = JSON.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw malformed("not a JSON object");
            }
            String version = null;
            Header header = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("version")) {
                    version = p.getValueAsString();
                    if (!PostHogExportWriter.VERSION.equals(version) && !LEGACY_VERSION.equals(version)) {
                        throw malformed("PostHog export version " + version + " is not supported (reads "
                                + PostHogExportWriter.VERSION + " and " + LEGACY_VERSION + ")");
                    }
                } else if (field.equals("data") && p.currentToken() == JsonToken.START_OBJECT) {
                    if (version == null) {
                        throw malformed("\"version\" must come before \"data\"");
                    }
                    header = data(p, version, sink);
                } else {
                    p.skipChildren();
                }
            }
            if (header == null) {
                throw malformed("the file does not appear to be a PostHog recording export (no version and data)");
            }
            return header;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw malformed("not valid JSON: " + e.getOriginalMessage());
        }
    }

    private Header data(JsonParser p, String version, Consumer<Snapshot> sink) throws IOException {
        String id = "";
        String distinctId = null;
        List<Snapshot> legacy = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "id" -> id = p.getValueAsString("");
                case "person" -> {
                    JsonNode person = JSON.readTree(p);
                    JsonNode ids = person == null ? null : person.path("distinct_ids");
                    distinctId = ids != null && ids.isArray() && !ids.isEmpty() ? ids.get(0).asText() : null;
                }
                case "snapshots" -> {
                    if (value != JsonToken.START_ARRAY) {
                        throw malformed("data.snapshots is not an array");
                    }
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        sink.accept(snapshot((ObjectNode) JSON.readTree(p)));
                    }
                }
                case "snapshotsByWindowId" -> {
                    if (value != JsonToken.START_OBJECT) {
                        throw malformed("data.snapshotsByWindowId is not an object");
                    }
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String window = p.currentName();
                        if (p.nextToken() != JsonToken.START_ARRAY) {
                            throw malformed("the snapshots of window " + window + " are not an array");
                        }
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            legacy.add(new Snapshot(window, decompressed((ObjectNode) JSON.readTree(p))));
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (LEGACY_VERSION.equals(version)) {
            legacy.sort(Comparator.comparingLong(Snapshot::timestamp));
            legacy.forEach(sink);
        }
        return new Header(version, id, distinctId);
    }

    private Snapshot snapshot(ObjectNode event) {
        JsonNode window = event.remove("windowId");
        return new Snapshot(window == null || window.isNull() ? "" : window.asText(), decompressed(event));
    }

    private ObjectNode decompressed(ObjectNode event) {
        read++;
        try {
            compressed.decompress(event);
        } catch (CompressedSnapshot.UndecodableSnapshotException e) {
            throw malformed("snapshot " + read + " (" + event.path("type") + " at " + event.path("timestamp") + "): "
                    + e.getMessage());
        }
        return event;
    }

    private static RefusedPackageException malformed(String detail) {
        return new RefusedPackageException(Reason.MALFORMED, null, detail);
    }
}
