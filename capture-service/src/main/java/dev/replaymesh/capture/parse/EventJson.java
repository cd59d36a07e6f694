package dev.replaymesh.capture.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Reads one rrweb event object: checks that {@code type} and {@code timestamp} are numbers and
 * picks up the optional {@code seq} and {@code windowId}, without building a tree. The payload
 * keeps the client's exact bytes unless they span several lines (pretty-printed JSON), which are
 * written compactly so that every event fits on one NDJSON line.
 */
public final class EventJson {

    static final JsonFactory FACTORY = JsonFactory.builder()
            // Full snapshots carry long strings (inlined styles, images as data URLs).
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNestingDepth(10_000)
                    .build())
            .build();

    private EventJson() {
    }

    /** Reads the event that is the whole of {@code bytes[off, off+len)}. */
    public static IncomingEvent readWhole(byte[] bytes, int off, int len, String where) {
        try (JsonParser p = FACTORY.createParser(bytes, off, len)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new MalformedEventException(where + ": expected a JSON object, found "
                        + describe(first));
            }
            IncomingEvent event = readObject(p, bytes, off, where);
            if (p.nextToken() != null) {
                throw new MalformedEventException(where + ": unexpected content after the JSON object");
            }
            return event;
        } catch (JsonProcessingException e) {
            throw new MalformedEventException(where + ": not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new MalformedEventException(where + ": not readable (" + e.getMessage() + ")");
        }
    }

    /**
     * Reads the object the parser stands on (at START_OBJECT) through its END_OBJECT. The parser
     * reads {@code source} from {@code regionStart} on (Jackson counts byte offsets from there).
     */
    static IncomingEvent readObject(JsonParser p, byte[] source, int regionStart, String where)
            throws IOException {
        int objectStart = regionStart + (int) p.currentTokenLocation().getByteOffset();
        Integer type = null;
        Long timestamp = null;
        long seq = 0;
        String windowId = null;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "type" -> {
                    if (value != JsonToken.VALUE_NUMBER_INT || !p.getNumberType().equals(JsonParser.NumberType.INT)) {
                        throw new MalformedEventException(where + ": \"type\" must be an integer");
                    }
                    type = p.getIntValue();
                }
                case "timestamp" -> {
                    if (value == JsonToken.VALUE_NUMBER_INT) {
                        timestamp = p.getLongValue();
                    } else if (value == JsonToken.VALUE_NUMBER_FLOAT) {
                        timestamp = (long) p.getDoubleValue();
                    } else {
                        throw new MalformedEventException(where + ": \"timestamp\" must be a number");
                    }
                }
                case "seq" -> {
                    if (value != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 1) {
                        throw new MalformedEventException(where + ": \"seq\" must be a positive integer");
                    }
                    seq = p.getLongValue();
                }
                case "windowId" -> {
                    if (value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT) {
                        windowId = p.getText();
                    } else if (value != JsonToken.VALUE_NULL) {
                        throw new MalformedEventException(where + ": \"windowId\" must be a string");
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new MalformedEventException(where + ": not valid JSON");
        }
        if (type == null) {
            throw new MalformedEventException(where + ": missing numeric \"type\"");
        }
        if (timestamp == null) {
            throw new MalformedEventException(where + ": missing numeric \"timestamp\"");
        }
        int objectEnd = regionStart + (int) p.currentLocation().getByteOffset();
        byte[] payload = oneLine(source, objectStart, objectEnd);
        return new IncomingEvent(windowId, seq, type, timestamp, payload);
    }

    private static byte[] oneLine(byte[] source, int from, int to) throws IOException {
        for (int i = from; i < to; i++) {
            if (source[i] == '\n' || source[i] == '\r') {
                return compact(source, from, to);
            }
        }
        byte[] copy = new byte[to - from];
        System.arraycopy(source, from, copy, 0, copy.length);
        return copy;
    }

    private static byte[] compact(byte[] source, int from, int to) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        try (JsonParser p = FACTORY.createParser(source, from, to - from);
                JsonGenerator g = FACTORY.createGenerator(out)) {
            p.nextToken();
            g.copyCurrentStructure(p);
        }
        return out.toByteArray();
    }

    static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
        };
    }
}
