package dev.replaymesh.format;

import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.proto.v1.EventOrBuilder;

/** Helpers for the {@code payload_crc32c} field that every writer sets and every reader checks. */
public final class Events {

    private Events() {
    }

    /** The event with {@code payload_crc32c} set to the CRC32C of its payload. */
    public static Event withPayloadCrc(Event event) {
        int crc = Crc32c.of(event.getPayload());
        return event.getPayloadCrc32C() == crc ? event : event.toBuilder().setPayloadCrc32C(crc).build();
    }

    /** Sets {@code payload_crc32c} from the builder's current payload. */
    public static Event.Builder setPayloadCrc(Event.Builder builder) {
        return builder.setPayloadCrc32C(Crc32c.of(builder.getPayload()));
    }

    public static boolean hasValidPayloadCrc(EventOrBuilder event) {
        return event.getPayloadCrc32C() == Crc32c.of(event.getPayload());
    }

    /** Writers refuse events whose CRC is stale, so that a bad event fails where it was made. */
    static void requireValidPayloadCrc(EventOrBuilder event) {
        int actual = Crc32c.of(event.getPayload());
        if (event.getPayloadCrc32C() != actual) {
            throw new IllegalArgumentException("payload_crc32c " + Crc32c.hex(event.getPayloadCrc32C())
                    + " does not match the payload (CRC32C " + Crc32c.hex(actual)
                    + "); set it with Events.withPayloadCrc");
        }
    }
}
