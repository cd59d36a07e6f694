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

/**
 * Compresses and opens chunk objects. A chunk object is one zstd frame (RFC 8878) whose content
 * is consecutive event frames as {@link FrameCodec} writes them: any zstd decoder and the frame
 * layout in docs/FORMAT.md are all a reader needs.
 */
public final class ChunkCodec {

    /** The name of the compression in manifests. */
    public static final String ZSTD = "zstd";
    public static final int DEFAULT_LEVEL = 3;

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
        byte[] out = new byte[(int) Zstd.compressBound(length)];
        long written = Zstd.compressByteArray(out, 0, out.length, framesBytes, 0, length, level);
        if (Zstd.isError(written)) {
            throw new IllegalStateException("zstd: " + Zstd.getErrorName(written));
        }
        return java.util.Arrays.copyOf(out, (int) written);
    }

    /**
     * Streams the events of a stored chunk, verifying it against its manifest entry (see
     * {@link ChunkReader}).
     */
    public ChunkReader open(InputStream stored, ChunkEntry entry) {
        try {
            return new ChunkReader(entry, stored, this);
        } catch (IOException e) {
            throw new CorruptChunkException(entry.key(), "not a zstd frame: " + e.getMessage(), e);
        }
    }

    public ChunkReader open(byte[] stored, ChunkEntry entry) {
        return open(new ByteArrayInputStream(stored), entry);
    }

    /** Decompresses a whole stored chunk: the frames it holds. */
    public byte[] decompress(byte[] stored, String key) {
        try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(stored))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new CorruptChunkException(key, "zstd: " + e.getMessage(), e);
        }
    }

    FrameReader frameReader(InputStream in) {
        return frames.reader(in);
    }
}
