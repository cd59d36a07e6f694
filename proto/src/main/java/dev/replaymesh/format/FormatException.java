package dev.replaymesh.format;

/**
 * Input that is not a valid event frame or NDJSON line. Unchecked, so that it passes through
 * Kafka (de)serializers and stream pipelines; callers that read stored or received data catch it.
 */
public abstract sealed class FormatException extends RuntimeException
        permits CorruptFrameException, CorruptLineException, CorruptChunkException, CorruptManifestException,
        UnsupportedFormatVersionException, RefusedPackageException {

    private static final long serialVersionUID = 1L;

    protected FormatException(String message, Throwable cause) {
        super(message, cause);
    }

    static String frameLocation(long frameIndex, long byteOffset) {
        StringBuilder where = new StringBuilder("frame");
        if (frameIndex >= 0) {
            where.append(' ').append(frameIndex);
        }
        if (byteOffset >= 0) {
            where.append(" at byte offset ").append(byteOffset);
        }
        return where.toString();
    }

    static String lineLocation(long lineNumber) {
        return lineNumber > 0 ? "line " + lineNumber : "line";
    }
}
