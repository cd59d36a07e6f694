package dev.replaymesh.format;

/**
 * Version of the event formats, written {@code major.minor}. Only the major travels in frames
 * and lines; a minor version only ever adds optional fields, so readers need not know it.
 */
public record FormatVersion(int major, int minor) {

    /** The version this library writes. */
    public static final FormatVersion CURRENT = new FormatVersion(1, 3);

    public FormatVersion {
        if (major < 1 || minor < 0) {
            throw new IllegalArgumentException("invalid format version " + major + "." + minor);
        }
    }

    /** Parses {@code "1.0"}-style text. */
    public static FormatVersion parse(String text) {
        int dot = text.indexOf('.');
        if (dot <= 0 || dot == text.length() - 1) {
            throw new IllegalArgumentException("format version must be major.minor: " + text);
        }
        try {
            return new FormatVersion(Integer.parseInt(text, 0, dot, 10),
                    Integer.parseInt(text, dot + 1, text.length(), 10));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("format version must be major.minor: " + text, e);
        }
    }

    /** Whether a reader of this version can read data written in {@code other}. */
    public boolean canRead(FormatVersion other) {
        return major == other.major;
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
