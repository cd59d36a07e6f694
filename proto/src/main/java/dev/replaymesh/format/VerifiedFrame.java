package dev.replaymesh.format;

import dev.replaymesh.proto.v1.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * One frame after its CRC32C and its payload's CRC32C were checked: the event and the frame body
 * it was parsed from. The body is the event's own protobuf encoding, so a reader that passes
 * events on as protobuf can send the body as it is instead of encoding the event again. The
 * event's bytes fields share the body's array: neither may be changed.
 */
public record VerifiedFrame(Event event, byte[] body) {

    /** The frames' events, in order. */
    public static List<Event> events(List<VerifiedFrame> frames) {
        List<Event> events = new ArrayList<>(frames.size());
        for (VerifiedFrame f : frames) {
            events.add(f.event());
        }
        return events;
    }
}
