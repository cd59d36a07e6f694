package dev.replaymesh.redaction.pattern;

import java.util.List;
import java.util.Objects;

/**
 * The result of a scrub. When nothing matched, {@code text} is the very instance that was passed in and
 * {@code hits} is empty, so callers can compare by identity and keep the original bytes.
 */
public record Scrubbed(String text, List<Hit> hits) {

    public Scrubbed {
        Objects.requireNonNull(text, "text");
        hits = List.copyOf(hits);
    }

    static Scrubbed unchanged(String text) {
        return new Scrubbed(text, List.of());
    }

    public boolean changed() {
        return !hits.isEmpty();
    }

    /** Total number of input chars replaced. */
    public int charsReplaced() {
        int total = 0;
        for (Hit hit : hits) {
            total += hit.chars();
        }
        return total;
    }
}
