package dev.replaymesh.redaction.pattern;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One text pattern to remove: a builtin detector ({@link Kind#EMAIL} ... {@link Kind#BEARER}) or a user regex
 * ({@link Kind#CUSTOM}).
 *
 * @param id          identifies the rule in reports and in {@link Replacement#TOKEN} output; letters, digits,
 *                    {@code _ . -}, at most 64 characters
 * @param kind        which detector runs
 * @param regex       the user regex; set for {@link Kind#CUSTOM} only, {@code null} for builtins
 * @param replacement how a match is replaced
 */
public record PatternRule(String id, Kind kind, Pattern regex, Replacement replacement) {

    public enum Kind { EMAIL, CARD, PHONE, IBAN, JWT, BEARER, CUSTOM }

    public enum Replacement {
        /** Every replaced char becomes {@code '*'}: length and positions stay as they were. */
        MASK,
        /** The replaced text becomes {@code [redacted:<id>]}. */
        TOKEN
    }

    // Ids end up inside "[redacted:<id>]" and in reports, so keep them plain.
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    public PatternRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(replacement, "replacement");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("rule id '" + id
                    + "' must be 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit");
        }
        if (kind == Kind.CUSTOM && regex == null) {
            throw new IllegalArgumentException("custom rule '" + id + "' needs a regex");
        }
        if (kind != Kind.CUSTOM && regex != null) {
            throw new IllegalArgumentException("builtin rule '" + id + "' takes no regex");
        }
    }

    /** The builtin detector for {@code kind} with id {@code email}, {@code card}, ... and {@link Replacement#MASK}. */
    public static PatternRule builtin(Kind kind) {
        return builtin(kind, Replacement.MASK);
    }

    public static PatternRule builtin(Kind kind, Replacement replacement) {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.CUSTOM) {
            throw new IllegalArgumentException(
                    "CUSTOM is not a builtin; use PatternRule.custom(id, regex, replacement)");
        }
        return new PatternRule(kind.name().toLowerCase(Locale.ROOT), kind, null, replacement);
    }

    /**
     * A user regex. Each whole match is replaced, except when the regex has exactly one capturing group: then only
     * that group is replaced (a match where the group did not take part is replaced whole). Empty matches replace
     * nothing.
     * <p>
     * A regex that backtracks catastrophically cannot stall the pipeline: matching one text may read at most
     * 100,000 + 1,000 x length chars, and a regex that runs out fails closed, replacing the whole text under this
     * rule.
     *
     * @throws IllegalArgumentException naming the rule id and the regex error when the regex does not compile
     */
    public static PatternRule custom(String id, String regex, Replacement replacement) {
        Objects.requireNonNull(regex, "regex");
        Pattern compiled;
        try {
            compiled = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("custom rule '" + id + "': invalid regex: " + e.getDescription()
                    + " near index " + e.getIndex() + " in " + regex, e);
        }
        return new PatternRule(id, Kind.CUSTOM, compiled, replacement);
    }

    String token() {
        return "[redacted:" + id + "]";
    }
}
