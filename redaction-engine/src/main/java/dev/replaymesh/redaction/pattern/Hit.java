package dev.replaymesh.redaction.pattern;

import java.util.Objects;

/**
 * One replaced region: which rule removed it and how many chars of the input it covered. Never carries the
 * removed value or where it was.
 */
public record Hit(String ruleId, int chars) {

    public Hit {
        Objects.requireNonNull(ruleId, "ruleId");
        if (chars <= 0) {
            throw new IllegalArgumentException("chars must be positive: " + chars);
        }
    }
}
