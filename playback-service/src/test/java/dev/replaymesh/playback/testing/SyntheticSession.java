package dev.replaymesh.playback.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.replaymesh.contract.EventTypes;
import dev.replaymesh.format.Events;
import dev.replaymesh.proto.v1.Event;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A session of rrweb-shaped events as storage would hold it: pages of a Meta, a FullSnapshot and
 * incremental events 100 ms apart, every event with its sequence number and payload CRC32C.
 */
public final class SyntheticSession {

    public static final long START_MS = 1_790_000_000_000L;
    public static final long STEP_MS = 100;

    private SyntheticSession() {
    }

    /**
     * Recorded rrweb events (JSON text, one per event) as storage holds them: numbered from 1, in
     * {@code windows} taken in turn for each event (one window: all in it).
     */
    public static List<Event> recorded(String project, String sessionId, List<String> rrweb, String... windows) {
        List<Event> events = new ArrayList<>(rrweb.size());
        for (String json : rrweb) {
            long seq = events.size() + 1;
            JsonNode node;
            try {
                node = JSON.readTree(json);
            } catch (IOException e) {
                throw new IllegalArgumentException(e);
            }
            long ts = node.path("timestamp").asLong();
            events.add(Events.withPayloadCrc(Event.newBuilder().setProject(project).setSessionId(sessionId)
                    .setWindowId(windows[(int) (seq - 1) % windows.length]).setSeq(seq).setClientSeq(seq)
                    .setClientTimestampMs(ts).setServerReceivedMs(ts + 40).setEventType(node.path("type").asInt())
                    .setDistinctId("user-7").setPayload(ByteString.copyFromUtf8(json)).build()));
        }
        return events;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public static String newId() {
        return "play-" + UUID.randomUUID();
    }

    /**
     * @param pageLength events per page (Meta + FullSnapshot + incrementals)
     * @param padding    extra bytes in each incremental event's payload
     */
    public static List<Event> events(String project, String sessionId, int count, int pageLength, int padding) {
        List<Event> events = new ArrayList<>(count);
        String pad = "x".repeat(padding);
        for (int i = 0; i < count; i++) {
            long seq = i + 1;
            long ts = START_MS + i * STEP_MS;
            int type = switch (i % pageLength) {
                case 0 -> EventTypes.META;
                case 1 -> EventTypes.FULL_SNAPSHOT;
                default -> EventTypes.INCREMENTAL_SNAPSHOT;
            };
            String payload = switch (type) {
                case EventTypes.META -> "{\"type\":4,\"data\":{\"href\":\"https://shop.test/p" + i
                        + "\",\"width\":1280,\"height\":800},\"timestamp\":" + ts + "}";
                case EventTypes.FULL_SNAPSHOT -> "{\"type\":2,\"data\":{\"node\":{\"type\":0,\"childNodes\":[],\"id\":1},"
                        + "\"initialOffset\":{\"top\":0,\"left\":0}},\"timestamp\":" + ts + "}";
                default -> "{\"type\":3,\"data\":{\"source\":1,\"positions\":[{\"x\":" + i + ",\"y\":7,\"id\":4,"
                        + "\"timeOffset\":0}],\"pad\":\"" + pad + "\"},\"timestamp\":" + ts + "}";
            };
            events.add(Events.withPayloadCrc(Event.newBuilder()
                    .setProject(project)
                    .setSessionId(sessionId)
                    .setWindowId("w1")
                    .setSeq(seq)
                    .setClientSeq(seq)
                    .setClientTimestampMs(ts)
                    .setServerReceivedMs(ts + 40)
                    .setEventType(type)
                    .setDistinctId("user-7")
                    .setPayload(ByteString.copyFromUtf8(payload))
                    .build()));
        }
        return events;
    }
}
