package dev.replaymesh.redaction.rules;

/** What a selector rule does to the elements it matches and everything inside them. */
public enum Action {
    /** Drop the subtree; keep a placeholder element with the same tag (and size when known). */
    BLOCK,
    /** Replace text with '*' of the same length; input values are masked too. */
    MASK,
    /** Drop input events of matching inputs. */
    IGNORE_INPUT
}
