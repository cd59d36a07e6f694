package dev.replaymesh.format;

/**
 * An NDJSON line that cannot be trusted: not one JSON object, a field of the wrong type, a missing
 * required field, a payload CRC32C mismatch, or longer than the reader's limit.
 */
public final class CorruptLineException extends FormatException {

    private static final long serialVersionUID = 1L;

    private final long lineNumber;

    /** @param lineNumber 1-based line number in its stream, or -1 when not read from a stream */
    public CorruptLineException(String detail, long lineNumber, Throwable cause) {
        super("corrupt NDJSON " + lineLocation(lineNumber) + ": " + detail, cause);
        this.lineNumber = lineNumber;
    }

    public CorruptLineException(String detail, long lineNumber) {
        this(detail, lineNumber, null);
    }

    /** 1-based line number in its stream, or -1. */
    public long lineNumber() {
        return lineNumber;
    }
}
