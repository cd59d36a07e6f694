package dev.replaymesh.redaction.engine;

import dev.replaymesh.redaction.mirror.Protection;
import java.util.Locale;
import java.util.Set;

/** Decides what becomes of an input's value: masked, or kept with patterns applied. */
final class InputValues {

    static final String PASSWORD_RULE = "input:password";
    static final String MASK_ALL_RULE = "input:mask-all";

    /** Input types whose value is a label or a fixed option, not something the user typed. */
    private static final Set<String> LABEL_TYPES = Set.of("submit", "button", "reset", "image", "checkbox", "radio");

    private InputValues() {
    }

    static boolean isInputTag(String tag) {
        return "input".equals(tag) || "textarea".equals(tag) || "select".equals(tag);
    }

    /** The value to pass on for the input element {@code id} (tag and type as the mirror knows them). */
    static String redact(Redaction r, int id, String tag, String type, String value, Protection p) {
        String kind = type == null ? "" : type.toLowerCase(Locale.ROOT);
        if (p.unknown()) {
            return r.maskValue(value, Protection.FAIL_CLOSED, "fail-closed", id);
        }
        if (p.masked()) {
            return r.maskValue(value, p.maskedBy(), "mask", id);
        }
        if ("password".equals(kind)) {
            return r.maskValue(value, PASSWORD_RULE, "mask-input", id);
        }
        boolean label = "input".equals(tag) && LABEL_TYPES.contains(kind);
        if (!label && r.rules.inputs().maskAll() && !r.mirror.matchesAny(id, r.rules.inputs().allow())) {
            return r.maskValue(value, MASK_ALL_RULE, "mask-input", id);
        }
        return r.patterns(value, id);
    }
}
