package dev.replaymesh.format.kafka;

import dev.replaymesh.format.FormatException;
import dev.replaymesh.format.FrameCodec;
import dev.replaymesh.proto.v1.Event;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads each record value as exactly one binary frame ({@link FrameCodec}), checking both CRCs;
 * null stays null (tombstones).
 */
public final class EventFrameDeserializer implements Deserializer<Event> {

    private final FrameCodec codec;

    /** With the default limits; Kafka instantiates configured deserializers through this. */
    public EventFrameDeserializer() {
        this(new FrameCodec());
    }

    public EventFrameDeserializer(FrameCodec codec) {
        this.codec = codec;
    }

    /**
     * @throws SerializationException wrapping the {@link FormatException} for a corrupt frame or
     *     an unknown major version
     */
    @Override
    public Event deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return codec.decode(data);
        } catch (FormatException e) {
            throw new SerializationException("cannot read event from topic " + topic + ": " + e.getMessage(), e);
        }
    }
}
