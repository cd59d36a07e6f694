package dev.replaymesh.format.posthog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Undoes posthog-js's event compression ({@code cv: "2024-10"}): the FullSnapshot's {@code data},
 * and a Mutation's {@code texts}, {@code attributes}, {@code removes} and {@code adds} or a
 * StyleSheetRule's {@code adds} and {@code removes}, each {@code JSON.stringify}-ed, gzipped and
 * held as a latin1 string (a char a byte). PostHog's player decodes them the same way
 * ({@code decompress.ts}); decoding at capture lets redaction see every node and text.
 * A field that is not a string is left as it is, as PostHog does.
 */
public final class CompressedSnapshot {

    /** The only compression version posthog-js writes. */
    public static final String VERSION_2024_10 = "2024-10";

    private static final int FULL_SNAPSHOT = 2;
    private static final int INCREMENTAL = 3;
    private static final int MUTATION = 0;
    private static final int STYLE_SHEET_RULE = 8;
    private static final List<String> MUTATION_FIELDS = List.of("texts", "attributes", "removes", "adds");
    private static final List<String> STYLE_SHEET_FIELDS = List.of("adds", "removes");

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(10_000)
                    .maxStringLength(Integer.MAX_VALUE).build()).build());

    private final long maxInflatedBytes;

    /** @param maxInflatedBytes most bytes one field may inflate to (a gzip bomb is refused) */
    public CompressedSnapshot(long maxInflatedBytes) {
        this.maxInflatedBytes = maxInflatedBytes;
    }

    /**
     * Replaces the event's compressed fields by what they hold and removes its {@code cv}; an
     * event without {@code cv} is left as it is.
     *
     * @throws UndecodableSnapshotException for another {@code cv}, or a field that is not latin1
     *     gzip of JSON, or inflates past the limit; the event is then partly decoded and must not
     *     be kept
     */
    public void decompress(ObjectNode event) {
        JsonNode cv = event.get("cv");
        if (cv == null) {
            return;
        }
        if (!VERSION_2024_10.equals(cv.asText())) {
            throw new UndecodableSnapshotException("unknown compression cv " + cv);
        }
        int type = event.path("type").asInt(-1);
        if (type == FULL_SNAPSHOT) {
            JsonNode data = event.get("data");
            if (data != null && data.isTextual()) {
                event.set("data", inflate("data", data.asText()));
            }
        } else if (type == INCREMENTAL && event.get("data") instanceof ObjectNode data) {
            int source = data.path("source").asInt(-1);
            List<String> fields = source == MUTATION ? MUTATION_FIELDS
                    : source == STYLE_SHEET_RULE ? STYLE_SHEET_FIELDS : List.of();
            for (String field : fields) {
                JsonNode value = data.get(field);
                if (value != null && value.isTextual()) {
                    data.set(field, inflate("data." + field, value.asText()));
                }
            }
        }
        event.remove("cv");
    }

    private JsonNode inflate(String field, String latin1) {
        byte[] gzip = new byte[latin1.length()];
        for (int i = 0; i < gzip.length; i++) {
            char c = latin1.charAt(i);
            if (c > 0xff) {
                throw new UndecodableSnapshotException(field + ": not a latin1 byte string (char " + (int) c
                        + " at " + i + ")");
            }
            gzip[i] = (byte) c;
        }
        byte[] json;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            json = readAtMost(in, field);
        } catch (IOException e) {
            throw new UndecodableSnapshotException(field + ": not gzip (" + e.getMessage() + ")");
        }
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UndecodableSnapshotException(field + ": inflates to something that is not JSON");
        }
    }

    private byte[] readAtMost(InputStream in, String field) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16 * 1024];
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            if (out.size() + (long) n > maxInflatedBytes) {
                throw new UndecodableSnapshotException(field + ": inflates past " + maxInflatedBytes + " bytes");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** A compressed event that cannot be decoded; the message names the field and why. */
    public static final class UndecodableSnapshotException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UndecodableSnapshotException(String message) {
            super(message);
        }
    }
}
