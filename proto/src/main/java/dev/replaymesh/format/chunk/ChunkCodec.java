package dev.replaymesh.format.chunk;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import dev.replaymesh.format.CorruptChunkException;
import dev.replaymesh.format.FrameCodec;
import dev.replaymesh.format.FrameReader;
import dev.replaymesh.format.session.ChunkEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Compresses and opens chunk objects. A chunk object is one zstd frame (RFC 8878) whose content
 * is consecutive event frames as {@link FrameCodec} writes them, compressed with the project's
 * dictionary if its manifest entry names one: any zstd decoder, that dictionary and the frame
 * layout in docs/FORMAT.md are all a reader needs.
 */
public final class ChunkCodec {

    /** The name of the compression in manifests. */
    public static final String ZSTD = "zstd";
    /** With a dictionary, level 9 stores 10.5x less than raw NDJSON at ~100 MB/s (docs/BENCHMARKS.md). */
    public static final int DEFAULT_LEVEL = 9;

    private final int level;
    private final FrameCodec frames;

    public ChunkCodec(int level, FrameCodec frames) {
        if (level < Zstd.minCompressionLevel() || level > Zstd.maxCompressionLevel()) {
            throw new IllegalArgumentException("zstd level " + level + " outside " + Zstd.minCompressionLevel()
                    + ".." + Zstd.maxCompressionLevel());
        }
        this.level = level;
        this.frames = frames;
    }

    public ChunkCodec() {
        this(DEFAULT_LEVEL, new FrameCodec());
    }

    public int level() {
        return level;
    }

    /** The stored form of {@code length} bytes of frames. */
    public byte[] compress(byte[] framesBytes, int length) {
        return compress(framesBytes, length, null);
    }

    /** The stored form of {@code length} bytes of frames, compressed with {@code dictionary} unless it is null. */
    public byte[] compress(byte[] framesBytes, int length, ChunkDictionary dictionary) {
        byte[] out = new byte[(int) Zstd.compressBound(length)];
        long written = dictionary == null
                ? Zstd.compressByteArray(out, 0, out.length, framesBytes, 0, length, level)
                : Zstd.compressFastDict(out, 0, framesBytes, 0, length, dictionary.compressor(level));
        if (Zstd.isError(written)) {
            throw new IllegalStateException("zstd: " + Zstd.getErrorName(written));
        }
        return Arrays.copyOf(out, (int) written);
    }

    /**
     * Streams the events of a stored chunk, verifying it against its manifest entry (see
     * {@link ChunkReader}).
     *
     * @param dictionary the dictionary the entry names, or null if it names none
     * @throws IllegalArgumentException if {@code dictionary} is not the one the entry names
     */
    public ChunkReader open(InputStream stored, ChunkEntry entry, ChunkDictionary dictionary) {
        checkDictionary(entry.key(), entry.dictionary(), dictionary);
        try {
            return new ChunkReader(entry, stored, this, dictionary);
        } catch (IOException e) {
            throw new CorruptChunkException(entry.key(), "not a zstd frame: " + e.getMessage(), e);
        }
    }

    /** {@link #open(InputStream, ChunkEntry, ChunkDictionary)} of a chunk compressed without a dictionary. */
    public ChunkReader open(InputStream stored, ChunkEntry entry) {
        return open(stored, entry, null);
    }

    public ChunkReader open(byte[] stored, ChunkEntry entry, ChunkDictionary dictionary) {
        return open(new ByteArrayInputStream(stored), entry, dictionary);
    }

    public ChunkReader open(byte[] stored, ChunkEntry entry) {
        return open(stored, entry, null);
    }

    /** Decompresses a whole stored chunk compressed without a dictionary: the frames it holds. */
    public byte[] decompress(byte[] stored, String key) {
        return decompress(stored, key, null);
    }

    /** Decompresses a whole stored chunk compressed with {@code dictionary} (null: none). */
    public byte[] decompress(byte[] stored, String key, ChunkDictionary dictionary) {
        try (InputStream in = inflate(new ByteArrayInputStream(stored), dictionary)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new CorruptChunkException(key, "zstd: " + e.getMessage(), e);
        }
    }

    static InputStream inflate(InputStream stored, ChunkDictionary dictionary) throws IOException {
        ZstdInputStream in = new ZstdInputStream(stored);
        if (dictionary != null) {
            in.setDict(dictionary.decompressor());
        }
        return in;
    }

    private static void checkDictionary(String chunkKey, String named, ChunkDictionary given) {
        String givenKey = given == null ? null : given.key();
        if (!Objects.equals(named, givenKey)) {
            throw new IllegalArgumentException("chunk " + chunkKey + " needs dictionary "
                    + (named == null ? "none" : named) + ", given " + (givenKey == null ? "none" : givenKey));
        }
    }

    FrameReader frameReader(InputStream in) {
        return frames.reader(in);
    }
}
