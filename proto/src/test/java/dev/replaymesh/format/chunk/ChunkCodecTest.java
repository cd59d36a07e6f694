package dev.replaymesh.format.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.replaymesh.format.CorruptChunkException;
import dev.replaymesh.format.Events;
import dev.replaymesh.format.FrameCodec;
import dev.replaymesh.format.session.ChunkEntry;
import dev.replaymesh.format.session.ObjectKeys;
import dev.replaymesh.format.session.SnapshotRef;
import dev.replaymesh.proto.v1.Event;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkCodecTest {

    private final ChunkCodec codec = new ChunkCodec();

    static Event event(long seq, int type, String json) {
        return Events.withPayloadCrc(Event.newBuilder()
                .setProject("demo")
                .setSessionId("s-1")
                .setWindowId("w")
                .setSeq(seq)
                .setClientTimestampMs(1_700_000_000_000L + seq * 100)
                .setServerReceivedMs(1_700_000_000_500L + seq * 100)
                .setEventType(type)
                .setPayload(ByteString.copyFromUtf8(json))
                .build());
    }

    static List<Event> events(long from, int count) {
        List<Event> events = new ArrayList<>();
        for (long seq = from; seq < from + count; seq++) {
            int type = seq == from + 2 ? 2 : 3;
            events.add(event(seq, type, "{\"type\":" + type + ",\"data\":{\"source\":1,\"positions\":[{\"x\":"
                    + seq + ",\"y\":" + (seq * 7 % 800) + "}]},\"timestamp\":" + (1_700_000_000_000L + seq) + "}"));
        }
        return events;
    }

    private Chunk chunkOf(List<Event> events) {
        ChunkBuilder builder = new ChunkBuilder(new FrameCodec());
        events.forEach(builder::add);
        return builder.build(codec, ObjectKeys.chunk("demo", "s-1", builder.firstReceivedMs(), builder.firstSeq(),
                builder.lastSeq()));
    }

    private List<Event> readAll(byte[] stored, ChunkEntry entry) throws IOException {
        List<Event> read = new ArrayList<>();
        try (ChunkReader reader = codec.open(stored, entry)) {
            for (Event e = reader.next(); e != null; e = reader.next()) {
                read.add(e);
            }
        }
        return read;
    }

    @Test
    void aChunkGivesBackExactlyItsEventsAndDescribesThem() throws IOException {
        List<Event> events = events(41, 500);
        Chunk chunk = chunkOf(events);
        ChunkEntry entry = chunk.entry();

        assertThat(readAll(chunk.stored(), entry)).containsExactlyElementsOf(events);
        assertThat(entry.key()).isEqualTo("sessions/demo/s-1/chunks/2023-11-14/000000000041-000000000540.zst");
        assertThat(entry.firstSeq()).isEqualTo(41);
        assertThat(entry.lastSeq()).isEqualTo(540);
        assertThat(entry.eventCount()).isEqualTo(500);
        assertThat(entry.firstTimestampMs()).isEqualTo(1_700_000_004_100L);
        assertThat(entry.lastTimestampMs()).isEqualTo(1_700_000_054_000L);
        assertThat(entry.firstFullSnapshot()).isEqualTo(new SnapshotRef(43, 1_700_000_004_300L));
        assertThat(entry.storedBytes()).isEqualTo(chunk.stored().length).isLessThan(entry.rawBytes() / 4);
        assertThat(entry.sha256()).isEqualTo(Sha256.hex(chunk.stored()));
        assertThat(codec.decompress(chunk.stored(), entry.key())).hasSize((int) entry.rawBytes());
    }

    @Test
    void anyFlippedBitIsCaught() {
        Chunk chunk = chunkOf(events(1, 50));
        for (int i = 0; i < chunk.stored().length; i += Math.max(1, chunk.stored().length / 97)) {
            byte[] damaged = chunk.stored().clone();
            damaged[i] ^= 0x10;
            assertThatThrownBy(() -> readAll(damaged, chunk.entry()))
                    .as("flip at byte %d", i)
                    .isInstanceOf(CorruptChunkException.class)
                    .hasMessageContaining(chunk.entry().key());
        }
    }

    @Test
    void aTruncatedOrExtendedChunkIsCaught() {
        Chunk chunk = chunkOf(events(1, 50));
        byte[] truncated = Arrays.copyOf(chunk.stored(), chunk.stored().length - 3);
        byte[] extended = Arrays.copyOf(chunk.stored(), chunk.stored().length + 1);

        assertThatThrownBy(() -> readAll(truncated, chunk.entry())).isInstanceOf(CorruptChunkException.class);
        assertThatThrownBy(() -> readAll(extended, chunk.entry())).isInstanceOf(CorruptChunkException.class);
    }

    @Test
    void aChunkThatIsNotWhatTheManifestSaysIsCaught() {
        Chunk chunk = chunkOf(events(1, 50));
        ChunkEntry e = chunk.entry();
        ChunkEntry otherSha = new ChunkEntry(e.key(), e.firstSeq(), e.lastSeq(), e.firstTimestampMs(),
                e.lastTimestampMs(), e.eventCount(), e.rawBytes(), e.storedBytes(), "0".repeat(64), e.compression(),
                e.firstFullSnapshot(), null);
        ChunkEntry otherRange = new ChunkEntry(e.key(), 2, 51, e.firstTimestampMs(), e.lastTimestampMs(),
                e.eventCount(), e.rawBytes(), e.storedBytes(), e.sha256(), e.compression(), e.firstFullSnapshot(), null);
        ChunkEntry fewer = new ChunkEntry(e.key(), 1, 49, e.firstTimestampMs(), e.lastTimestampMs(), 49,
                e.rawBytes(), e.storedBytes(), e.sha256(), e.compression(), e.firstFullSnapshot(), null);

        assertThatThrownBy(() -> readAll(chunk.stored(), otherSha)).isInstanceOf(CorruptChunkException.class)
                .hasMessageContaining("SHA-256");
        assertThatThrownBy(() -> readAll(chunk.stored(), otherRange)).isInstanceOf(CorruptChunkException.class)
                .hasMessageContaining("sequence 1, expected 2");
        assertThatThrownBy(() -> readAll(chunk.stored(), fewer)).isInstanceOf(CorruptChunkException.class)
                .hasMessageContaining("past its last sequence");
    }

    @Test
    void theBuilderRefusesGapsAndUnnumberedEvents() {
        ChunkBuilder builder = new ChunkBuilder(new FrameCodec());
        builder.add(event(7, 3, "{}"));

        assertThatThrownBy(() -> builder.add(event(9, 3, "{}"))).hasMessageContaining("does not follow 7");
        assertThatThrownBy(() -> builder.add(event(0, 3, "{}"))).hasMessageContaining("without a sequence");
        builder.clear();
        assertThat(builder.isEmpty()).isTrue();
        builder.add(event(9, 3, "{}"));
        assertThat(builder.firstSeq()).isEqualTo(9);
    }
}
