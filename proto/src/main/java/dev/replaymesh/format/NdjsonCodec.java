package dev.replaymesh.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.google.protobuf.ByteString;
import dev.replaymesh.proto.v1.Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The events as NDJSON, one JSON object per line:
 *
 * <pre>
 * {"v":1,"project":"demo","sessionId":"s1","windowId":"w1","seq":0,"clientSeq":3,
 *  "timestamp":1700000000000,"receivedAt":1700000000100,"type":2,"crc32c":123456,
 *  "distinctId":"","event":{...the payload, verbatim...}}
 * </pre>
 *
 * The payload is copied byte for byte in both directions, so its CRC32C survives a round trip.
 * {@code seq}, {@code clientSeq} and {@code crc32c} are unsigned. Proto fields this version does not
 * know are not carried (NDJSON has no place for them). Instances are immutable and thread-safe.
 */
public final class NdjsonCodec {

    public static final int MAJOR_VERSION = 1;
    public static final int DEFAULT_MAX_LINE_LENGTH = 64 * 1024 * 1024;
    /**
     * rrweb snapshots nest two JSON levels per DOM level, so Jackson's default of 1000 would refuse
     * a DOM 500 elements deep; the parser is not recursive, so a higher limit is cheap.
     */
    public static final int MAX_NESTING_DEPTH = 10_000;

    static final String V = "v";
    static final String PROJECT = "project";
    static final String SESSION_ID = "sessionId";
    static final String WINDOW_ID = "windowId";
    static final String SEQ = "seq";
    static final String CLIENT_SEQ = "clientSeq";
    static final String TIMESTAMP = "timestamp";
    static final String RECEIVED_AT = "receivedAt";
    static final String TYPE = "type";
    static final String CRC32C = "crc32c";
    static final String DISTINCT_ID = "distinctId";
    static final String REDACTED_WITH = "redactedWith";
    static final String CAPTURE_OFFSET = "captureOffset";
    static final String EVENT = "event";

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build();

    private final int maxLineLength;

    public NdjsonCodec() {
        this(DEFAULT_MAX_LINE_LENGTH);
    }

    /** @param maxLineLength longest line, without its newline, that a reader accepts */
    public NdjsonCodec(int maxLineLength) {
        // The reader holds a line plus its newline in one array.
        if (maxLineLength < 1 || maxLineLength > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("maxLineLength out of range: " + maxLineLength);
        }
        this.maxLineLength = maxLineLength;
    }

    public int maxLineLength() {
        return maxLineLength;
    }

    /**
     * One line, without its trailing newline.
     *
     * @throws IllegalArgumentException if the payload is not exactly one JSON object starting with
     *     {@code {} or contains a raw CR or LF byte, or {@code payload_crc32c} does not match it
     */
    public byte[] encodeLine(Event event) {
        Events.requireValidPayloadCrc(event);
        byte[] payload = event.getPayload().toByteArray();
        requireOneLineJsonObject(payload);
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField(V, MAJOR_VERSION);
            g.writeStringField(PROJECT, event.getProject());
            g.writeStringField(SESSION_ID, event.getSessionId());
            g.writeStringField(WINDOW_ID, event.getWindowId());
            g.writeFieldName(SEQ);
            g.writeNumber(Long.toUnsignedString(event.getSeq()));
            g.writeFieldName(CLIENT_SEQ);
            g.writeNumber(Long.toUnsignedString(event.getClientSeq()));
            g.writeNumberField(TIMESTAMP, event.getClientTimestampMs());
            g.writeNumberField(RECEIVED_AT, event.getServerReceivedMs());
            g.writeNumberField(TYPE, event.getEventType());
            g.writeNumberField(CRC32C, Integer.toUnsignedLong(event.getPayloadCrc32C()));
            g.writeStringField(DISTINCT_ID, event.getDistinctId());
            g.writeStringField(REDACTED_WITH, event.getRedactedWith());
            g.writeFieldName(CAPTURE_OFFSET);
            g.writeNumber(Long.toUnsignedString(event.getCaptureOffset()));
            g.writeFieldName(EVENT);
            // Jackson cannot write raw bytes as a value: let it emit the ':' and then append the
            // payload behind its back, after flushing what it buffered.
            g.writeRawValue("");
            g.flush();
            out.write(payload);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Decodes one line; a trailing CR and surrounding whitespace are allowed.
     *
     * @throws CorruptLineException if the line is not a valid event line or fails its CRC32C
     * @throws UnsupportedFormatVersionException if {@code v} is not {@value #MAJOR_VERSION}
     */
    public Event decodeLine(byte[] line) {
        return decodeLine(line, 0, line.length, -1);
    }

    /** Writes one line followed by {@code \n}; nothing is written if the event cannot be encoded. */
    public void write(Event event, OutputStream out) throws IOException {
        byte[] line = encodeLine(event);
        byte[] withNewline = new byte[line.length + 1];
        System.arraycopy(line, 0, withNewline, 0, line.length);
        withNewline[line.length] = '\n';
        out.write(withNewline);
    }

    /** A reader of consecutive lines; closing it closes {@code in}. */
    public NdjsonReader reader(InputStream in) {
        return new NdjsonReader(in, this);
    }

    Event decodeLine(byte[] buf, int off, int len, long lineNumber) {
        return new LineDecoder(buf, off, lineNumber).decode(len);
    }

    private static void requireOneLineJsonObject(byte[] payload) {
        if (payload.length == 0 || payload[0] != '{') {
            throw new IllegalArgumentException("payload must be one JSON object starting with '{'");
        }
        for (int i = 0; i < payload.length; i++) {
            if (payload[i] == '\n' || payload[i] == '\r') {
                throw new IllegalArgumentException("payload contains a raw CR or LF byte at offset " + i
                        + "; an NDJSON line must stay one line");
            }
        }
        // Anything after the object would be read back as part of the envelope, not the payload.
        try (JsonParser p = JSON.createParser(payload)) {
            p.nextToken();
            p.skipChildren();
            long end = p.currentTokenLocation().getByteOffset() + 1;
            if (end != payload.length) {
                throw new IllegalArgumentException("payload has " + (payload.length - end)
                        + " bytes after its JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("payload is not a well-formed JSON object: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final int REQUIRED_KEYS = keyBit(V) | keyBit(CRC32C) | keyBit(EVENT);

    /** One bit per known key, to find duplicates without a set; 0 for unknown keys. */
    private static int keyBit(String key) {
        return switch (key) {
            case V -> 1;
            case PROJECT -> 1 << 1;
            case SESSION_ID -> 1 << 2;
            case WINDOW_ID -> 1 << 3;
            case SEQ -> 1 << 4;
            case CLIENT_SEQ -> 1 << 5;
            case TIMESTAMP -> 1 << 6;
            case RECEIVED_AT -> 1 << 7;
            case TYPE -> 1 << 8;
            case CRC32C -> 1 << 9;
            case DISTINCT_ID -> 1 << 10;
            case EVENT -> 1 << 11;
            case REDACTED_WITH -> 1 << 12;
            case CAPTURE_OFFSET -> 1 << 13;
            default -> 0;
        };
    }

    /** The state of decoding one line. */
    private static final class LineDecoder {

        private final byte[] buf;
        private final int off;
        private final long lineNumber;
        private final Event.Builder event = Event.newBuilder();
        private int seenKeys;
        private long version = -1;
        private long crc = -1;
        private int payloadStart = -1;
        private int payloadEnd = -1;
        /** First field-level problem; reported only after the version, which may explain it. */
        private String problem;

        LineDecoder(byte[] buf, int off, long lineNumber) {
            this.buf = buf;
            this.off = off;
            this.lineNumber = lineNumber;
        }

        Event decode(int len) {
            try (JsonParser p = JSON.createParser(buf, off, len)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw corrupt("not a JSON object");
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    readField(key, p);
                    p.skipChildren();
                }
                if (p.nextToken() != null) {
                    throw corrupt("content after the JSON object");
                }
            } catch (JsonProcessingException e) {
                throw new CorruptLineException("not valid JSON: " + e.getOriginalMessage(), lineNumber, e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (version < 0) {
                throw corrupt(problem != null ? problem : "missing \"" + V + "\"");
            }
            if (version != MAJOR_VERSION) {
                throw UnsupportedFormatVersionException.forLine((int) version, lineNumber);
            }
            if (problem != null) {
                throw corrupt(problem);
            }
            if (crc < 0) {
                throw corrupt("missing \"" + CRC32C + "\"");
            }
            if (payloadStart < 0) {
                throw corrupt("missing \"" + EVENT + "\"");
            }
            int computed = Crc32c.of(buf, payloadStart, payloadEnd - payloadStart);
            if (computed != (int) crc) {
                throw corrupt("payload CRC32C mismatch: crc32c is " + crc + ", payload has "
                        + Integer.toUnsignedLong(computed));
            }
            return event.setPayloadCrc32C((int) crc)
                    .setPayload(ByteString.copyFrom(buf, payloadStart, payloadEnd - payloadStart))
                    .build();
        }

        private void readField(String key, JsonParser p) throws IOException {
            int bit = keyBit(key);
            if (bit == 0) {
                return; // unknown key: newer minor versions add fields; skipped by the caller
            }
            if ((seenKeys & bit) != 0) {
                problem("duplicate key \"" + key + "\"");
                return;
            }
            seenKeys |= bit;
            if (p.currentToken() == JsonToken.VALUE_NULL && (bit & REQUIRED_KEYS) == 0) {
                return; // null envelope field = unset, like an absent one
            }
            switch (key) {
                case V -> {
                    Long v = signed(p, key, 0, Integer.MAX_VALUE);
                    if (v != null) {
                        version = v;
                    }
                }
                case PROJECT -> event.setProject(string(p, key));
                case SESSION_ID -> event.setSessionId(string(p, key));
                case WINDOW_ID -> event.setWindowId(string(p, key));
                case SEQ -> event.setSeq(unsigned(p, key));
                case CLIENT_SEQ -> event.setClientSeq(unsigned(p, key));
                case TIMESTAMP -> event.setClientTimestampMs(orZero(signed(p, key, Long.MIN_VALUE, Long.MAX_VALUE)));
                case RECEIVED_AT -> event.setServerReceivedMs(orZero(signed(p, key, Long.MIN_VALUE, Long.MAX_VALUE)));
                case TYPE -> event.setEventType((int) orZero(signed(p, key, Integer.MIN_VALUE, Integer.MAX_VALUE)));
                case CRC32C -> {
                    Long c = signed(p, key, 0, 0xffff_ffffL);
                    if (c != null) {
                        crc = c;
                    }
                }
                case DISTINCT_ID -> event.setDistinctId(string(p, key));
                case REDACTED_WITH -> event.setRedactedWith(string(p, key));
                case CAPTURE_OFFSET -> event.setCaptureOffset(unsigned(p, key));
                case EVENT -> {
                    if (p.currentToken() != JsonToken.START_OBJECT) {
                        problem("\"" + EVENT + "\" must be a JSON object");
                        return;
                    }
                    // Token offsets count from the parser's start, which is `off` in buf.
                    payloadStart = off + (int) p.currentTokenLocation().getByteOffset();
                    p.skipChildren();
                    payloadEnd = off + (int) p.currentTokenLocation().getByteOffset() + 1;
                }
                default -> throw new IllegalStateException(key);
            }
        }

        private String string(JsonParser p, String key) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                problem("\"" + key + "\" must be a string");
                return "";
            }
            return p.getText();
        }

        private Long signed(JsonParser p, String key, long min, long max) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT
                    && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                long value = p.getLongValue();
                if (value >= min && value <= max) {
                    return value;
                }
            }
            problem("\"" + key + "\" must be an integer in [" + min + ", " + max + "]");
            return null;
        }

        private long unsigned(JsonParser p, String key) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                try {
                    return Long.parseUnsignedLong(p.getText());
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            problem("\"" + key + "\" must be an integer in [0, 18446744073709551615]");
            return 0;
        }

        private static long orZero(Long value) {
            return value == null ? 0 : value;
        }

        private void problem(String message) {
            if (problem == null) {
                problem = message;
            }
        }

        private CorruptLineException corrupt(String detail) {
            return new CorruptLineException(detail, lineNumber);
        }
    }
}
