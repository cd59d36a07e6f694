package dev.replaymesh.redaction.mirror;

/**
 * What the rules say about a node, inherited from its ancestors. Each field names the rule that
 * applies, or is null.
 *
 * @param blockedBy rule that blocks the node or an ancestor
 * @param maskedBy  rule that masks the node's text (a mask rule, or fail-closed)
 * @param ignoredBy rule that drops the node's input events
 * @param unknown   the node's ancestry is unknown: the caller must fail closed
 */
public record Protection(String blockedBy, String maskedBy, String ignoredBy, boolean unknown) {

    public static final Protection NONE = new Protection(null, null, null, false);

    /** Rule id reported when a node's ancestry is unknown and it is masked to be safe. */
    public static final String FAIL_CLOSED = "fail-closed:unknown-node";

    public static final Protection UNKNOWN = new Protection(null, FAIL_CLOSED, null, true);

    public boolean blocked() {
        return blockedBy != null;
    }

    public boolean masked() {
        return maskedBy != null;
    }

    public boolean ignored() {
        return ignoredBy != null;
    }

    /** This protection with a node's own rules added; the outermost rule of each kind wins. */
    Protection with(String block, String mask, String ignore) {
        if (block == null && mask == null && ignore == null) {
            return this;
        }
        return new Protection(blockedBy != null ? blockedBy : block, maskedBy != null ? maskedBy : mask,
                ignoredBy != null ? ignoredBy : ignore, unknown);
    }
}
