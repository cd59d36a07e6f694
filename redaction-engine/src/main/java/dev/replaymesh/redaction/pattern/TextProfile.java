package dev.replaymesh.redaction.pattern;

import static dev.replaymesh.redaction.pattern.Chars.isDigit;
import static dev.replaymesh.redaction.pattern.Chars.isUpper;

/**
 * One pass over a text recording what each detector needs before it is worth running. Every flag is a necessary
 * condition for its detector to find anything, so skipping on a missing flag never loses a match. Packed into an
 * int so that computing it allocates nothing.
 */
final class TextProfile {

    /** An '@' or "%40". */
    static final int AT = 1;
    /** "eyJ". */
    static final int EYJ = 1 << 1;
    /** "bearer" in any case. */
    static final int BEARER = 1 << 2;
    /** Two capitals followed by two digits. */
    static final int IBAN_START = 1 << 3;
    /** 13 digits in one run of digit groups joined by single spaces or dashes. */
    static final int CARD_DIGITS = 1 << 4;
    /**
     * 9 digits in one run of digit groups joined by up to three of {@code space - . ( ) /}, with a '+' before it or
     * at least two groups (a plain digit run is never a phone number).
     */
    static final int PHONE_DIGITS = 1 << 5;

    private static final int CARD_MIN = 13;
    private static final int PHONE_MIN = 9;
    private static final int PHONE_MAX_GAP = 3;

    private TextProfile() {
    }

    static int of(CharSequence s) {
        int n = s.length();
        int flags = 0;
        int cardDigits = 0;
        int phoneDigits = 0;
        int phoneGap = 0;
        int phoneGroups = 0;
        boolean phonePlus = false;
        char p1 = 0;
        char p2 = 0;
        char p3 = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c > '9') {
                // letters and most punctuation: the common case, so tested first
                cardDigits = 0;
                phoneDigits = 0;
                phoneGap = 0;
                phoneGroups = 0;
                phonePlus = false;
                if (c == '@') {
                    flags |= AT;
                } else if (c == 'J') {
                    if (p1 == 'y' && p2 == 'e') {
                        flags |= EYJ;
                    }
                } else if ((c | 0x20) == 'r' && (p1 | 0x20) == 'e' && i >= 5 && endsWithBearer(s, i)) {
                    flags |= BEARER;
                }
            } else if (c >= '0') {
                if (++cardDigits >= CARD_MIN) {
                    flags |= CARD_DIGITS;
                }
                if (!(p1 <= '9' && p1 >= '0')) {
                    phoneGroups++;
                }
                if (++phoneDigits >= PHONE_MIN && (phoneGroups >= 2 || phonePlus)) {
                    flags |= PHONE_DIGITS;
                }
                phoneGap = 0;
                if (c == '0' && p1 == '4' && p2 == '%') {
                    flags |= AT;
                }
                if (p1 <= '9' && p1 >= '0' && isUpper(p2) && isUpper(p3)) {
                    flags |= IBAN_START;
                }
            } else {
                if (!((c == ' ' || c == '-') && isDigit(p1))) {
                    cardDigits = 0;
                }
                if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/') {
                    if (++phoneGap > PHONE_MAX_GAP) {
                        phoneDigits = 0;
                        phoneGroups = 0;
                        phonePlus = false;
                    }
                } else {
                    phoneDigits = 0;
                    phoneGap = 0;
                    phoneGroups = 0;
                    phonePlus = c == '+';
                }
            }
            p3 = p2;
            p2 = p1;
            p1 = c;
        }
        return flags;
    }

    static boolean has(int profile, int flag) {
        return (profile & flag) != 0;
    }

    private static boolean endsWithBearer(CharSequence s, int last) {
        String word = "bearer";
        int from = last - 5;
        for (int k = 0; k < 6; k++) {
            if ((s.charAt(from + k) | 0x20) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
