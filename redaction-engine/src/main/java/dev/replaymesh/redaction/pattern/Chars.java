package dev.replaymesh.redaction.pattern;

/** Char classes and bounds-safe access shared by the detectors. */
final class Chars {

    /** Returned by {@link #at} outside the text; it belongs to no class below, so it acts as a boundary. */
    static final char NONE = '\0';

    private Chars() {
    }

    static char at(CharSequence s, int i) {
        return i >= 0 && i < s.length() ? s.charAt(i) : NONE;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isAsciiAlnum(char c) {
        return isDigit(c) || isAsciiLetter(c);
    }

    /** Letters and digits of any script, and '_': a value glued to one of these is part of a longer word. */
    static boolean isWord(char c) {
        if (c < 0x80) {
            return isAsciiAlnum(c) || c == '_';
        }
        return Character.isLetterOrDigit(c);
    }

    static boolean isBase64Url(char c) {
        return isAsciiAlnum(c) || c == '-' || c == '_';
    }

    /** Number of consecutive ASCII digits from {@code from}, counting at most {@code cap}. */
    static int digitRun(CharSequence s, int from, int cap) {
        int n = s.length();
        int i = from;
        while (i < n && i - from < cap && isDigit(s.charAt(i))) {
            i++;
        }
        return i - from;
    }
}
