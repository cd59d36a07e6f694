package dev.replaymesh.redaction.engine.gen;

/**
 * Known leaks of the engine, each with a minimal repro in DocumentPropertyTest. The builder can lay out a
 * recording so that it steers clear of one; everything else about the recording stays the same.
 */
public enum Leak {
    /** A Mutation that gives an element a block or mask marker and new content for it: the content passes. */
    PROTECTION_IN_SAME_MUTATION,
    /**
     * A secret right after a line break or tab in a console argument: stored JSON-stringified, the break is the
     * two chars {@code \n}, and the 'n' glued to the secret hides it from detectors that want a word boundary.
     */
    ESCAPE_BEFORE_SECRET_IN_CONSOLE,
    /**
     * A form-encoded secret ('+' for space) in the query of a hash route ({@code /#/search?q=Bearer+abc1...}):
     * parameters after the '#' are decoded with '+' kept as '+', so a spaced secret is never put together.
     */
    PLUS_IN_FRAGMENT_QUERY,
    /**
     * A class attribute longer than 256 chars (a few dozen utility classes): the mirror keeps no attribute that
     * long, so the element's protection marker is not seen.
     */
    LONG_CLASS_ATTRIBUTE,
    /** rrweb 1.x console output (IncrementalSource 11, Log): sources up to 16 are taken to carry no content. */
    LEGACY_CONSOLE_LOG,
    /** Canvas 2D calls (IncrementalSource 9): fillText's text passes untouched, for the same reason. */
    CANVAS_TEXT,
    /** A network body field the rules mask ({@code token}, {@code password}, ...) holding an object or array. */
    SENSITIVE_FIELD_HOLDING_CONTAINER,
    /** A URL in srcset or data-src (lazy loading): only the patterns run there, so its secret parameters stay. */
    URL_IN_SRCSET_OR_DATA_SRC,
    /** The placeholder of a blocked element keeps its id and class as they were: no pattern runs over them. */
    PLACEHOLDER_ID_UNSCRUBBED,
    /**
     * A form-encoded body ({@code cvv=123&ssn=...}): read as a query string, so only fields whose names are also
     * URL parameter names are masked; passwd, card, cardNumber, cvv, cvc and ssn are not.
     */
    FORM_BODY_FIELDS,
    /**
     * A URL logged to the console: the argument is stored quoted ({@code "\"https://...\""}), so it is never taken
     * for a URL and its secret parameters stay.
     */
    URL_LOGGED_TO_CONSOLE
}
