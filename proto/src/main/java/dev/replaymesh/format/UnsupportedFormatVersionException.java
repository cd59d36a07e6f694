package dev.replaymesh.format;

/**
 * A frame or line written in a major format version this reader does not know. Newer minor
 * versions never cause this: they only add fields, which readers tolerate.
 */
public final class UnsupportedFormatVersionException extends FormatException {

    private static final long serialVersionUID = 1L;

    private final int version;

    public UnsupportedFormatVersionException(int version, String message) {
        super(message, null);
        this.version = version;
    }

    static UnsupportedFormatVersionException forFrame(int version, long frameIndex, long byteOffset) {
        return new UnsupportedFormatVersionException(version, "unsupported format major version "
                + version + " in " + frameLocation(frameIndex, byteOffset) + " (this reader knows "
                + FormatVersion.CURRENT.major() + ")");
    }

    static UnsupportedFormatVersionException forLine(int version, long lineNumber) {
        return new UnsupportedFormatVersionException(version, "unsupported format major version "
                + version + " in NDJSON " + lineLocation(lineNumber) + " (this reader knows "
                + FormatVersion.CURRENT.major() + ")");
    }

    /** The major version found in the input. */
    public int version() {
        return version;
    }
}
