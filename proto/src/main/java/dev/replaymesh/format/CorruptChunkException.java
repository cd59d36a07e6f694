package dev.replaymesh.format;

/**
 * A stored chunk that cannot be trusted: its SHA-256 differs from the manifest's, its zstd frame
 * is damaged, a frame inside fails its checks, or its events are not the sequence range the
 * manifest promises.
 */
public final class CorruptChunkException extends FormatException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public CorruptChunkException(String key, String detail, Throwable cause) {
        super("corrupt chunk " + key + ": " + detail, cause);
        this.key = key;
    }

    public CorruptChunkException(String key, String detail) {
        this(key, detail, null);
    }

    /** Object key of the chunk. */
    public String key() {
        return key;
    }
}
