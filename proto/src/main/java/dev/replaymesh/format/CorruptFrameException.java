package dev.replaymesh.format;

/**
 * A binary frame that cannot be trusted: truncated, failing its CRC32C or the payload CRC32C,
 * longer than the reader's limit, or whose body is not a valid {@code replay.v1.Event}.
 */
public final class CorruptFrameException extends FormatException {

    private static final long serialVersionUID = 1L;

    private final long frameIndex;
    private final long byteOffset;

    /**
     * @param frameIndex 0-based index of the frame in its stream, or -1 when not read from a stream
     * @param byteOffset offset of the frame's first byte in its stream, or -1 when not known
     */
    public CorruptFrameException(String detail, long frameIndex, long byteOffset, Throwable cause) {
        super("corrupt " + frameLocation(frameIndex, byteOffset) + ": " + detail, cause);
        this.frameIndex = frameIndex;
        this.byteOffset = byteOffset;
    }

    public CorruptFrameException(String detail, long frameIndex, long byteOffset) {
        this(detail, frameIndex, byteOffset, null);
    }

    /** 0-based index of the frame in its stream, or -1. */
    public long frameIndex() {
        return frameIndex;
    }

    /** Offset of the frame's first byte in its stream, or -1. */
    public long byteOffset() {
        return byteOffset;
    }
}
