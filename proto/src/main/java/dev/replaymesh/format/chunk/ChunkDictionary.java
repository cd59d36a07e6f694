package dev.replaymesh.format.chunk;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictDecompress;
import dev.replaymesh.format.CorruptChunkException;
import dev.replaymesh.format.session.ObjectKeys;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A zstd dictionary that chunks of one project are compressed with, and the object it is stored
 * as. Its key ends in the SHA-256 of its bytes, so a key names exactly one dictionary for good and
 * a reader can check what it fetched. The digested forms zstd works with are made once and kept.
 * Thread-safe.
 */
public final class ChunkDictionary {

    private final String key;
    private final byte[] bytes;
    private final long zstdId;
    private final Map<Integer, ZstdDictCompress> compressors = new ConcurrentHashMap<>();
    private volatile ZstdDictDecompress decompressor;

    private ChunkDictionary(String key, byte[] bytes) {
        this.key = key;
        this.bytes = bytes;
        this.zstdId = Zstd.getDictIdFromDict(bytes);
    }

    /** A newly trained dictionary of {@code project}, keyed by its content. */
    public static ChunkDictionary of(String project, byte[] bytes) {
        return new ChunkDictionary(ObjectKeys.dictionary(project, Sha256.hex(bytes)), bytes.clone());
    }

    /**
     * A dictionary read back from the object {@code key}.
     *
     * @throws CorruptChunkException if the bytes are not the ones the key names
     */
    public static ChunkDictionary read(String key, byte[] bytes) {
        String sha = Sha256.hex(bytes);
        if (!key.endsWith("/" + sha + ObjectKeys.DICTIONARY_SUFFIX)) {
            throw new CorruptChunkException(key, "dictionary object's SHA-256 is " + sha + ", not the one its key names");
        }
        return new ChunkDictionary(key, bytes);
    }

    /** Object key in the bucket; chunk entries name it. */
    public String key() {
        return key;
    }

    /** The dictionary as zstd reads it (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    public int size() {
        return bytes.length;
    }

    /** The id zstd writes in the header of every frame compressed with it (0 for a raw-content dictionary). */
    public long zstdId() {
        return zstdId;
    }

    ZstdDictCompress compressor(int level) {
        return compressors.computeIfAbsent(level, l -> new ZstdDictCompress(bytes, l));
    }

    ZstdDictDecompress decompressor() {
        ZstdDictDecompress d = decompressor;
        if (d == null) {
            d = new ZstdDictDecompress(bytes);
            decompressor = d;
        }
        return d;
    }

    @Override
    public String toString() {
        return key + " (" + bytes.length + " bytes, zstd id " + zstdId + ")";
    }
}
