package dev.replaymesh.format.kafka;

import dev.replaymesh.format.FrameCodec;
import dev.replaymesh.proto.v1.Event;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/** Writes each record value as one binary frame ({@link FrameCodec}); null stays null (tombstones). */
public final class EventFrameSerializer implements Serializer<Event> {

    private final FrameCodec codec;

    /** With the default limits; Kafka instantiates configured serializers through this. */
    public EventFrameSerializer() {
        this(new FrameCodec());
    }

    public EventFrameSerializer(FrameCodec codec) {
        this.codec = codec;
    }

    /** @throws SerializationException if the event's CRC is stale or it is too large for a frame */
    @Override
    public byte[] serialize(String topic, Event event) {
        if (event == null) {
            return null;
        }
        try {
            return codec.encode(event);
        } catch (IllegalArgumentException e) {
            throw new SerializationException("cannot write event of session " + event.getSessionId()
                    + " to topic " + topic + ": " + e.getMessage(), e);
        }
    }
}
