package dev.replaymesh.redaction.pattern;

/**
 * Finds the ranges one rule replaces. Builtin detectors are linear in the text length: each start position is
 * looked at once and every attempt from it reads a bounded number of chars or skips past what it read.
 */
interface Detector {

    /** Cheap necessary condition, decided from the {@link TextProfile} of the text. */
    boolean worthScanning(int profile);

    /**
     * Appends the [start, end) ranges to replace, tagged with {@code rule}, to {@code spans} (creating it on the
     * first match) and returns it; returns {@code spans} unchanged, possibly {@code null}, when nothing matched.
     */
    Spans find(CharSequence text, int rule, Spans spans);
}
