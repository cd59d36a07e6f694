package dev.replaymesh.capture.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.replaymesh.format.FormatException;
import dev.replaymesh.format.FrameCodec;
import dev.replaymesh.format.FrameReader;
import dev.replaymesh.proto.v1.Event;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a request body into checked events, in one of the three body formats capture accepts.
 * Any bad event refuses the whole body: the exception names the line, index or frame.
 */
public final class BatchParser {

    private final int maxEventBytes;
    private final int maxEvents;

    public BatchParser(int maxEventBytes, int maxEvents) {
        this.maxEventBytes = maxEventBytes;
        this.maxEvents = maxEvents;
    }

    /** {@code application/x-ndjson}: one event object per line; blank lines are skipped. */
    public List<IncomingEvent> ndjson(byte[] body) {
        List<IncomingEvent> events = new ArrayList<>();
        int line = 0;
        int start = 0;
        while (start < body.length) {
            line++;
            int end = indexOf(body, (byte) '\n', start);
            int stop = end;
            if (stop > start && body[stop - 1] == '\r') {
                stop--;
            }
            if (!isBlank(body, start, stop)) {
                String where = "line " + line;
                checkSize(stop - start, where);
                add(events, EventJson.readWhole(body, start, stop - start, where));
            }
            start = end + 1;
        }
        return events;
    }

    /** {@code application/json}: an array of event objects. */
    public List<IncomingEvent> jsonArray(byte[] body) {
        List<IncomingEvent> events = new ArrayList<>();
        try (JsonParser p = EventJson.FACTORY.createParser(body)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_ARRAY) {
                throw new MalformedEventException("body: expected a JSON array of events, found "
                        + EventJson.describe(first));
            }
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                String where = "event " + (events.size() + 1);
                if (t != JsonToken.START_OBJECT) {
                    throw new MalformedEventException(where + ": expected a JSON object, found "
                            + EventJson.describe(t));
                }
                long start = p.currentTokenLocation().getByteOffset();
                IncomingEvent event = EventJson.readObject(p, body, 0, where);
                checkSize(p.currentLocation().getByteOffset() - start, where);
                add(events, event);
            }
            if (p.nextToken() != null) {
                throw new MalformedEventException("body: unexpected content after the array");
            }
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("body: not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new MalformedEventException("body: not readable (" + e.getMessage() + ")");
        }
        return events;
    }

    /**
     * {@code application/x-protobuf}: frames of the shared codec back to back, each a
     * {@code replay.v1.Event} whose payload (with its CRC32C) is the rrweb event.
     */
    public List<IncomingEvent> frames(byte[] body) {
        List<IncomingEvent> events = new ArrayList<>();
        // The envelope around a payload is small; 64 KB of headroom covers any window id.
        try (FrameReader reader = new FrameCodec(maxEventBytes + 65536).reader(new ByteArrayInputStream(body))) {
            Event frame;
            while ((frame = reader.next()) != null) {
                String where = "frame " + (events.size() + 1);
                byte[] payload = frame.getPayload().toByteArray();
                checkSize(payload.length, where);
                IncomingEvent parsed = EventJson.readWhole(payload, 0, payload.length, where);
                String windowId = frame.getWindowId().isEmpty() ? parsed.windowId() : frame.getWindowId();
                long seq = frame.getClientSeq() != 0 ? frame.getClientSeq() : parsed.clientSeq();
                add(events, new IncomingEvent(windowId, seq, parsed.type(), parsed.timestamp(), parsed.payload()));
            }
        } catch (FormatException e) {
            throw new MalformedEventException("frame " + (events.size() + 1) + ": " + e.getMessage());
        } catch (IOException e) {
            throw new MalformedEventException("body: " + e.getMessage());
        }
        return events;
    }

    private void add(List<IncomingEvent> events, IncomingEvent event) {
        if (events.size() == maxEvents) {
            throw new OversizedEventException("more than " + maxEvents + " events in one batch");
        }
        events.add(event);
    }

    private void checkSize(long bytes, String where) {
        if (bytes > maxEventBytes) {
            throw new OversizedEventException(where + ": event of " + bytes + " bytes is over the limit of "
                    + maxEventBytes + " bytes");
        }
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return bytes.length;
    }

    private static boolean isBlank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
