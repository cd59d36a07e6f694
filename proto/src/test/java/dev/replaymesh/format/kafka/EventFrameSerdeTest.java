package dev.replaymesh.format.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import dev.replaymesh.contract.Topics;
import dev.replaymesh.format.CorruptFrameException;
import dev.replaymesh.format.Events;
import dev.replaymesh.format.FrameCodec;
import dev.replaymesh.format.UnsupportedFormatVersionException;
import dev.replaymesh.proto.v1.Event;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/** A table of samples through the serializer and deserializer, as Kafka's own SerializationTest does. */
class EventFrameSerdeTest {

    private static final String TOPIC = Topics.CAPTURE;

    private static final Map<String, Event> SAMPLES = Map.of(
            "empty", Event.getDefaultInstance(),
            "typical", sample("demo", "sess_01-A", "{\"type\":3,\"data\":{\"source\":1,\"positions\":[]}}"),
            "unicode", sample("démo ✓", "s1", "{\"text\":\"日本語 😀 \\u0000\"}"),
            "extremes", Events.withPayloadCrc(sample("p", "s", "{}").toBuilder()
                    .setSeq(-1).setClientSeq(Long.MAX_VALUE).setClientTimestampMs(Long.MIN_VALUE)
                    .setServerReceivedMs(-1).setEventType(Integer.MIN_VALUE).build()),
            "large", sample("p", "s", "{\"blob\":\"" + "a".repeat(300_000) + "\"}"),
            "unknown field", sample("p", "s", "{}").toBuilder()
                    .setUnknownFields(UnknownFieldSet.newBuilder()
                            .addField(50, UnknownFieldSet.Field.newBuilder().addFixed64(7).build())
                            .build())
                    .build());

    private final Serializer<Event> serializer = new EventFrameSerializer();
    private final Deserializer<Event> deserializer = new EventFrameDeserializer();

    @Test
    void everySampleRoundTrips() {
        SAMPLES.forEach((name, event) -> {
            byte[] bytes = serializer.serialize(TOPIC, event);
            assertThat(deserializer.deserialize(TOPIC, bytes)).as(name).isEqualTo(event);
            assertThat(deserializer.deserialize(TOPIC, new RecordHeaders(), bytes)).as(name).isEqualTo(event);
            assertThat(deserializer.deserialize(TOPIC, new RecordHeaders(), java.nio.ByteBuffer.wrap(bytes)))
                    .as(name).isEqualTo(event);
        });
    }

    @Test
    void nullPassesThroughBothWays() {
        assertThat(serializer.serialize(TOPIC, null)).isNull();
        assertThat(deserializer.deserialize(TOPIC, null)).isNull();
    }

    @Test
    void everyTruncatedSampleIsASerializationException() {
        SAMPLES.forEach((name, event) -> {
            byte[] bytes = serializer.serialize(TOPIC, event);
            for (int length : List.of(0, 1, 2, bytes.length / 2, bytes.length - 4, bytes.length - 1)) {
                byte[] truncated = Arrays.copyOf(bytes, length);
                assertThatThrownBy(() -> deserializer.deserialize(TOPIC, truncated))
                        .as(name + " cut to " + length)
                        .isInstanceOf(SerializationException.class)
                        .hasCauseInstanceOf(CorruptFrameException.class)
                        .hasMessageContaining(TOPIC);
            }
        });
    }

    @Test
    void anUnknownVersionIsASerializationException() {
        byte[] bytes = serializer.serialize(TOPIC, SAMPLES.get("typical"));
        bytes[0] = 2;

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasCauseInstanceOf(UnsupportedFormatVersionException.class)
                .hasMessageContaining("major version 2");
    }

    @Test
    void eventsThatCannotBeFramedAreASerializationException() {
        Event stale = SAMPLES.get("typical").toBuilder().setPayloadCrc32C(0).build();
        assertThatThrownBy(() -> serializer.serialize(TOPIC, stale))
                .isInstanceOf(SerializationException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class);

        Serializer<Event> small = new EventFrameSerializer(new FrameCodec(1024));
        assertThatThrownBy(() -> small.serialize(TOPIC, SAMPLES.get("large")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("exceeds the maximum frame body length 1024");
    }

    @Test
    void theDeserializerEnforcesItsCodecsLimit() {
        byte[] large = serializer.serialize(TOPIC, SAMPLES.get("large"));

        assertThatThrownBy(() -> new EventFrameDeserializer(new FrameCodec(1024)).deserialize(TOPIC, large))
                .isInstanceOf(SerializationException.class)
                .hasCauseInstanceOf(CorruptFrameException.class);
    }

    private static Event sample(String project, String sessionId, String payload) {
        return Events.withPayloadCrc(Event.newBuilder()
                .setProject(project)
                .setSessionId(sessionId)
                .setWindowId("w1")
                .setSeq(42)
                .setClientSeq(7)
                .setClientTimestampMs(1_700_000_000_000L)
                .setServerReceivedMs(1_700_000_000_100L)
                .setEventType(3)
                .setDistinctId("user-1")
                .setPayload(ByteString.copyFromUtf8(payload))
                .build());
    }
}
