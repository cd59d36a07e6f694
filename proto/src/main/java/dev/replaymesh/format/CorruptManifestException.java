package dev.replaymesh.format;

/** A session manifest that is not valid JSON of the manifest format, or breaks its own rules. */
public final class CorruptManifestException extends FormatException {

    private static final long serialVersionUID = 1L;

    public CorruptManifestException(String where, String detail, Throwable cause) {
        super("corrupt manifest " + where + ": " + detail, cause);
    }

    public CorruptManifestException(String where, String detail) {
        this(where, detail, null);
    }
}
