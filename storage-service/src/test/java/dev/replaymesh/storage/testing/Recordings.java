package dev.replaymesh.storage.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.replaymesh.format.Events;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.testing.Fixtures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** rrweb-shaped sessions as redaction writes them to replay.redacted.v1. */
public final class Recordings {

    public static final long T0 = 1_795_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Recordings() {
    }

    public static Event event(String project, String session, long clientSeq, int type, long ts, String json) {
        return Events.withPayloadCrc(Event.newBuilder()
                .setProject(project)
                .setSessionId(session)
                .setWindowId("w-1")
                .setClientSeq(clientSeq)
                .setClientTimestampMs(ts)
                .setServerReceivedMs(ts + 40)
                .setEventType(type)
                .setDistinctId("user-42")
                .setRedactedWith("default-1@0123abcd")
                .setCaptureOffset(clientSeq)
                .setPayload(ByteString.copyFromUtf8(json))
                .build());
    }

    /** A real rrweb recording ({@link Fixtures}), as redaction would pass it on for {@code project} and {@code session}. */
    public static List<Event> fixture(String name, String project, String session) throws IOException {
        List<Event> events = new ArrayList<>();
        for (String line : Fixtures.events(name)) {
            JsonNode node = JSON.readTree(line);
            events.add(event(project, session, events.size() + 1, node.path("type").asInt(),
                    node.path("timestamp").asLong(), line));
        }
        return events;
    }

    /** {@code count} events: a page load, then mouse moves, clicks, inputs, a console error per 500. */
    public static List<Event> session(String project, String session, int count) {
        List<Event> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long ts = T0 + i * 50L;
            long n = i + 1;
            String json;
            int type;
            if (i % 1000 == 0) {
                type = 4;
                json = "{\"type\":4,\"data\":{\"href\":\"http://shop.test/page-" + (i / 1000)
                        + "\",\"width\":1280,\"height\":800},\"timestamp\":" + ts + "}";
            } else if (i % 1000 == 1) {
                type = 2;
                json = fullSnapshot(ts, i);
            } else if (i % 500 == 7) {
                type = 6;
                json = "{\"type\":6,\"data\":{\"plugin\":\"rrweb/console@1\",\"payload\":{\"level\":\"error\","
                        + "\"payload\":[\"\\\"failed to load /api/cart\\\"\"],\"trace\":[]}},\"timestamp\":" + ts + "}";
            } else if (i % 40 == 3) {
                type = 3;
                json = "{\"type\":3,\"data\":{\"source\":2,\"type\":2,\"id\":" + (20 + i % 30) + ",\"x\":" + (i % 1280)
                        + ",\"y\":" + (i % 800) + "},\"timestamp\":" + ts + "}";
            } else if (i % 17 == 5) {
                type = 3;
                json = "{\"type\":3,\"data\":{\"source\":5,\"text\":\"*****\",\"isChecked\":false,\"id\":"
                        + (40 + i % 7) + "},\"timestamp\":" + ts + "}";
            } else {
                type = 3;
                json = "{\"type\":3,\"data\":{\"source\":1,\"positions\":[{\"x\":" + (i * 7 % 1280) + ",\"y\":"
                        + (i * 13 % 800) + ",\"id\":12,\"timeOffset\":-" + (i % 50) + "}]},\"timestamp\":" + ts + "}";
            }
            events.add(event(project, session, n, type, ts, json));
        }
        return events;
    }

    static String fullSnapshot(long ts, int salt) {
        StringBuilder rows = new StringBuilder();
        for (int r = 0; r < 60; r++) {
            if (r > 0) {
                rows.append(',');
            }
            rows.append("{\"type\":2,\"tagName\":\"li\",\"attributes\":{\"class\":\"item row-").append(r % 5)
                    .append("\"},\"childNodes\":[{\"type\":3,\"textContent\":\"Product ").append(r * 31 + salt)
                    .append(" in stock\",\"id\":").append(1000 + r * 2).append("}],\"id\":").append(999 + r * 2)
                    .append('}');
        }
        return "{\"type\":2,\"data\":{\"node\":{\"type\":0,\"childNodes\":[{\"type\":2,\"tagName\":\"html\","
                + "\"attributes\":{},\"childNodes\":[{\"type\":2,\"tagName\":\"ul\",\"attributes\":{\"id\":\"list\"},"
                + "\"childNodes\":[" + rows + "],\"id\":5}],\"id\":2}],\"id\":1},\"initialOffset\":{\"left\":0,"
                + "\"top\":0}},\"timestamp\":" + ts + "}";
    }
}
