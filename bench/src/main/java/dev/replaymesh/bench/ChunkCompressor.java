package dev.replaymesh.bench;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictDecompress;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.xerial.snappy.Snappy;

/**
 * One way of turning a chunk's frames into the stored object and back. Each call is a whole
 * object, as the storage service writes and reads them. Instances hold native contexts and are
 * used from one thread.
 */
interface ChunkCompressor extends AutoCloseable {

    String name();

    byte[] compress(byte[] raw);

    /** @param rawLength the length of what was compressed (the manifest's {@code rawBytes}) */
    byte[] decompress(byte[] stored, int rawLength);

    @Override
    default void close() {
    }

    /** gzip (RFC 1952) through java.util.zip, as a Java service would write it. */
    static ChunkCompressor gzip(int level) {
        return new ChunkCompressor() {
            @Override
            public String name() {
                return "gzip " + level;
            }

            @Override
            public byte[] compress(byte[] raw) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 4 + 64);
                try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024) {
                    {
                        def.setLevel(level);
                    }
                }) {
                    gz.write(raw);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return out.toByteArray();
            }

            @Override
            public byte[] decompress(byte[] stored, int rawLength) {
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(stored), 64 * 1024)) {
                    return in.readNBytes(rawLength);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /** One Snappy block (snappy-java, the raw format without framing), the whole chunk at once. */
    static ChunkCompressor snappy() {
        return new ChunkCompressor() {
            @Override
            public String name() {
                return "snappy";
            }

            @Override
            public byte[] compress(byte[] raw) {
                try {
                    return Snappy.compress(raw);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public byte[] decompress(byte[] stored, int rawLength) {
                try {
                    return Snappy.uncompress(stored);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /** One zstd frame with the content size in its header and no checksum, as ChunkCodec writes. */
    static ChunkCompressor zstd(int level) {
        return new Zstd("zstd " + level, level, 0, null);
    }

    /** zstd with long-distance matching over a window of 2^windowLog bytes. */
    static ChunkCompressor zstdLong(int level, int windowLog) {
        return new Zstd("zstd " + level + " --long=" + windowLog, level, windowLog, null);
    }

    /** zstd with a dictionary; the frame header names the dictionary's id. */
    static ChunkCompressor zstdDict(int level, String dictLabel, byte[] dictionary) {
        return new Zstd("zstd " + level + " + dict " + dictLabel, level, 0, dictionary);
    }

    final class Zstd implements ChunkCompressor {
        private final String name;
        private final ZstdCompressCtx compress = new ZstdCompressCtx();
        private final ZstdDecompressCtx decompress = new ZstdDecompressCtx();
        private final ZstdDictCompress dictCompress;
        private final ZstdDictDecompress dictDecompress;

        Zstd(String name, int level, int longWindowLog, byte[] dictionary) {
            this.name = name;
            compress.setLevel(level);
            compress.setContentSize(true);
            compress.setChecksum(false);
            if (longWindowLog > 0) {
                compress.setLong(longWindowLog);
            }
            if (dictionary != null) {
                dictCompress = new ZstdDictCompress(dictionary, level);
                dictDecompress = new ZstdDictDecompress(dictionary);
                compress.loadDict(dictCompress);
                decompress.loadDict(dictDecompress);
            } else {
                dictCompress = null;
                dictDecompress = null;
            }
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public byte[] compress(byte[] raw) {
            return compress.compress(raw);
        }

        @Override
        public byte[] decompress(byte[] stored, int rawLength) {
            return decompress.decompress(stored, rawLength);
        }

        @Override
        public void close() {
            compress.close();
            decompress.close();
            if (dictCompress != null) {
                dictCompress.close();
                dictDecompress.close();
            }
        }
    }
}
