package dev.replaymesh.playback.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.replaymesh.format.Crc32c;
import dev.replaymesh.format.FrameCodec;
import dev.replaymesh.format.FrameReader;
import dev.replaymesh.format.VerifiedFrame;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.proto.v1.EventBatch;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameBatchTest {

    private final FrameCodec codec = new FrameCodec();

    @Test
    void batchesAreEventBatchesOfTheStoredEventsInOrderAndWithinTheLimit() throws Exception {
        List<Event> events = new ArrayList<>();
        for (int i = 1; i <= 500; i++) {
            // Sizes around the 1- and 2-byte length varint boundary, and some far larger.
            int size = i % 50 == 0 ? 40_000 : 100 + i;
            events.add(withCrc(Event.newBuilder().setSeq(i).setSessionId("s-1").setWindowId("w-1")
                    .setPayload(ByteString.copyFrom(new byte[size])).build()));
        }
        List<VerifiedFrame> frames = frames(events);

        List<FrameBatch> batches = FrameBatch.of(frames, 64 * 1024);

        List<Event> read = new ArrayList<>();
        for (FrameBatch batch : batches) {
            EventBatch parsed = EventBatch.parseFrom(stream(batch));
            assertThat(parsed.getSerializedSize()).isLessThanOrEqualTo(64 * 1024 + 64);
            read.addAll(parsed.getEventsList());
        }
        assertThat(read).isEqualTo(events);
        assertThat(batches).hasSizeGreaterThan(5);
    }

    @Test
    void anEventLargerThanTheLimitIsABatchOfItsOwn() throws Exception {
        List<Event> events = List.of(event(1, 10), event(2, 5_000), event(3, 10));
        List<FrameBatch> batches = FrameBatch.of(frames(events), 1_000);
        assertThat(batches).hasSize(3);
        assertThat(EventBatch.parseFrom(stream(batches.get(1))).getEventsList()).containsExactly(events.get(1));
    }

    @Test
    void theStreamDrainsItsBytesOnce() throws Exception {
        FrameBatch batch = FrameBatch.of(frames(List.of(event(1, 10))), 1_000).get(0);
        InputStream in = FrameBatch.MARSHALLER.stream(batch);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(((Drainable) in).drainTo(out)).isEqualTo(batch.wire().length);
        assertThat(out.toByteArray()).isEqualTo(batch.wire());
        assertThat(in.read()).isEqualTo(-1);
    }

    private static Event event(long seq, int payload) {
        return withCrc(Event.newBuilder().setSeq(seq).setPayload(ByteString.copyFrom(new byte[payload])).build());
    }

    private static InputStream stream(FrameBatch batch) {
        InputStream in = FrameBatch.MARSHALLER.stream(batch);
        assertThat(in).isInstanceOf(KnownLength.class);
        return in;
    }

    /** The events as a chunk reader hands them on: each with the frame body it was read from. */
    private List<VerifiedFrame> frames(List<Event> events) throws Exception {
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        for (Event e : events) {
            codec.write(e, stored);
        }
        List<VerifiedFrame> frames = new ArrayList<>();
        try (FrameReader reader = codec.reader(new ByteArrayInputStream(stored.toByteArray()))) {
            for (VerifiedFrame f = reader.nextFrame(); f != null; f = reader.nextFrame()) {
                frames.add(f);
            }
        }
        return frames;
    }

    private static Event withCrc(Event e) {
        return e.toBuilder().setPayloadCrc32C(Crc32c.of(e.getPayload())).build();
    }
}
