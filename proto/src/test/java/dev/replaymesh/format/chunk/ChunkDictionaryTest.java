package dev.replaymesh.format.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDictTrainer;
import dev.replaymesh.format.CorruptChunkException;
import dev.replaymesh.format.FrameCodec;
import dev.replaymesh.format.session.ObjectKeys;
import dev.replaymesh.proto.v1.Event;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChunkDictionaryTest {

    private static final FrameCodec FRAMES = new FrameCodec();
    private static ChunkDictionary dictionary;
    private final ChunkCodec codec = new ChunkCodec();

    /** Events like a page's: the same markup over and over with small differences. */
    static List<Event> page(long from, int count, int variant) {
        List<Event> events = new ArrayList<>();
        for (long seq = from; seq < from + count; seq++) {
            events.add(ChunkCodecTest.event(seq, 3, "{\"type\":3,\"data\":{\"source\":0,\"adds\":[{\"parentId\":"
                    + (seq % 97) + ",\"node\":{\"type\":2,\"tagName\":\"tr\",\"attributes\":{\"class\":\"orders-row "
                    + "status-" + (seq % 3 == 0 ? "open" : "shipped") + "\"},\"childNodes\":[{\"type\":3,\"textContent\":"
                    + "\"Order #" + (variant * 10_000 + seq) + " for customer " + (seq * 31 % 1000) + "\"}]}}],"
                    + "\"removes\":[],\"texts\":[],\"attributes\":[]},\"timestamp\":" + (1_700_000_000_000L + seq) + "}"));
        }
        return events;
    }

    @BeforeAll
    static void train() {
        ZstdDictTrainer trainer = new ZstdDictTrainer(4 << 20, 16 * 1024);
        for (int variant = 1; variant <= 20; variant++) {
            for (Event e : page(1, 300, variant)) {
                trainer.addSample(FRAMES.encode(e));
            }
        }
        dictionary = ChunkDictionary.of("demo", trainer.trainSamples());
    }

    private Chunk chunk(List<Event> events, ChunkDictionary with) {
        ChunkBuilder builder = new ChunkBuilder(FRAMES);
        events.forEach(builder::add);
        return builder.build(codec, ObjectKeys.chunk("demo", "s-1", builder.firstReceivedMs(), builder.firstSeq(),
                builder.lastSeq()), with);
    }

    private List<Event> readAll(Chunk chunk, ChunkDictionary with) throws IOException {
        List<Event> read = new ArrayList<>();
        try (ChunkReader reader = codec.open(chunk.stored(), chunk.entry(), with)) {
            for (Event e = reader.next(); e != null; e = reader.next()) {
                read.add(e);
            }
        }
        return read;
    }

    @Test
    void aDictionaryIsKeyedByItsContentAndNamedInTheEntry() {
        assertThat(dictionary.key()).isEqualTo("dictionaries/demo/" + Sha256.hex(dictionary.bytes()) + ".zdict");
        Chunk chunk = chunk(page(1, 40, 99), dictionary);
        assertThat(chunk.entry().dictionary()).isEqualTo(dictionary.key());
        // The zstd frame names the dictionary too, so a plain zstd decoder knows which one it needs.
        assertThat(Zstd.getDictIdFromFrame(chunk.stored())).isEqualTo(dictionary.zstdId()).isNotZero();
        assertThat(chunk(page(1, 40, 99), null).entry().dictionary()).isNull();
    }

    @Test
    void chunksWithTheDictionaryAreSmallerAndReadBackExactly() throws IOException {
        List<Event> events = page(1, 40, 99);
        Chunk with = chunk(events, dictionary);
        Chunk without = chunk(events, null);

        assertThat(readAll(with, dictionary)).isEqualTo(events);
        assertThat(codec.decompress(with.stored(), with.entry().key(), dictionary))
                .isEqualTo(codec.decompress(without.stored(), without.entry().key()));
        assertThat(with.stored().length).isLessThan(without.stored().length * 3 / 4);
    }

    @Test
    void aReaderMustBeGivenTheDictionaryTheEntryNames() {
        Chunk with = chunk(page(1, 40, 99), dictionary);
        Chunk without = chunk(page(1, 40, 99), null);

        assertThatThrownBy(() -> readAll(with, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs dictionary " + dictionary.key());
        assertThatThrownBy(() -> readAll(without, dictionary)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs dictionary none");
    }

    @Test
    void aDictionaryObjectThatIsNotWhatItsKeyNamesIsRefused() {
        byte[] bytes = dictionary.bytes();
        assertThat(ChunkDictionary.read(dictionary.key(), bytes).zstdId()).isEqualTo(dictionary.zstdId());

        bytes[bytes.length / 2] ^= 1;
        assertThatThrownBy(() -> ChunkDictionary.read(dictionary.key(), bytes))
                .isInstanceOf(CorruptChunkException.class).hasMessageContaining(dictionary.key());
    }
}
