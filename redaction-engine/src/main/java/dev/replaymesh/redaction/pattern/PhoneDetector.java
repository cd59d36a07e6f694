package dev.replaymesh.redaction.pattern;

import static dev.replaymesh.redaction.pattern.Chars.at;
import static dev.replaymesh.redaction.pattern.Chars.digitRun;
import static dev.replaymesh.redaction.pattern.Chars.isDigit;
import static dev.replaymesh.redaction.pattern.Chars.isWord;

/**
 * Phone numbers. Plain digit runs are never phone numbers here: without a '+' or a recognised grouping they cannot
 * be told apart from ids, amounts and timestamps, so those are left alone (add a custom rule where that matters).
 * <ul>
 * <li><b>International</b>: '+' then a country code starting 1-9, 9-15 digits in total (E.164), groups joined by
 * at most three of {@code space - . ( )}, e.g. {@code +49 30 1234567}, {@code +1 (555) 123-4567},
 * {@code +44 (0) 20 7946 0958}. When more groups follow, the longest prefix of at most 15 digits is taken. The
 * '+' must not follow a letter, digit, '_', '+' or '/' (base64 data), nor a '.' or '-' after a digit.</li>
 * <li><b>North American</b>: {@code 555-123-4567}, {@code 555.123.4567}, {@code 555 123 4567} (one separator
 * used throughout), {@code (555) 123-4567}, {@code (555)123-4567}, optionally preceded by {@code 1}, {@code 1-},
 * {@code 1 } or {@code 1.}.</li>
 * <li><b>Trunk-prefixed national</b> (most of Europe and elsewhere): a first group of 2-5 digits starting with 0,
 * optionally in parentheses, then a space, '-', '/' or '.', then groups of 2-8 digits joined by one separator
 * used throughout (space, '-' or '.'), 9-13 digits in total: {@code 030 1234 5678}, {@code (030) 1234 5678},
 * {@code 030/12345678}, {@code 0171 1234567}, {@code 06 12 34 56 78}, {@code 020 7946 0958}.</li>
 * </ul>
 * National forms must not follow a letter, digit or one of {@code _ + - / \}, nor one of {@code : , .} after a
 * digit (times, thousands, decimals, versions), and must not be followed by a letter or digit or by
 * {@code - . / ,} and a digit, so they are never cut out of a longer dash or dot chain (dates {@code 2024-11-23},
 * {@code 23.11.2024}, IP addresses, versions {@code 1.2.3}). Space-separated numbers may stand next to other
 * numbers: {@code 2024 555 123 4567} masks {@code 555 123 4567}. Prices ({@code $1,299.00}) and times
 * ({@code 10:15:30}) never fit any form.
 */
final class PhoneDetector implements Detector {

    static final PhoneDetector INSTANCE = new PhoneDetector();

    private static final int INTL_MIN = 9;
    private static final int INTL_MAX = 15;
    private static final int NATIONAL_MIN = 9;
    private static final int NATIONAL_MAX = 13;

    private PhoneDetector() {
    }

    @Override
    public boolean worthScanning(int profile) {
        return TextProfile.has(profile, TextProfile.PHONE_DIGITS);
    }

    @Override
    public Spans find(CharSequence s, int rule, Spans spans) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            int end = -1;
            if (c == '+') {
                if (intlStartOk(s, i)) {
                    end = international(s, i, n);
                }
            } else if ((c == '(' || isDigit(c)) && nationalStartOk(s, i)) {
                end = northAmerican(s, i);
                if (end < 0) {
                    end = trunkPrefixed(s, i);
                }
            }
            if (end > 0) {
                spans = Spans.add(spans, i, end, rule);
            }
            // No skipping past a match: a number it swallowed part of (an international number running into
            // the next one) must still be tried; every attempt reads a bounded number of chars.
            i++;
        }
        return spans;
    }

    private static boolean intlStartOk(CharSequence s, int i) {
        char prev = at(s, i - 1);
        if (prev == '.' || prev == '-') {
            // "Tel.+49 ..." yes, arithmetic such as "1.-+2" no
            return !isDigit(at(s, i - 2));
        }
        return !(isWord(prev) || prev == '+' || prev == '/');
    }

    private static boolean nationalStartOk(CharSequence s, int i) {
        char prev = at(s, i - 1);
        if (prev == ':' || prev == ',' || prev == '.') {
            // "tel:030 ...", "name,030 ..." yes; the minutes of "14:00 2024-11-23", "1,555", "1.555" no
            return !isDigit(at(s, i - 2));
        }
        return !(isWord(prev) || prev == '+' || prev == '-' || prev == '/' || prev == '\\');
    }

    private static boolean intlEndOk(CharSequence s, int end) {
        return !isWord(at(s, end));
    }

    private static boolean nationalEndOk(CharSequence s, int end) {
        char next = at(s, end);
        if (isWord(next)) {
            return false;
        }
        return !((next == '-' || next == '.' || next == '/' || next == ',') && isDigit(at(s, end + 1)));
    }

    private static boolean isIntlSeparator(char c) {
        return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')';
    }

    /** End of the longest '+' number with 9-15 digits starting at {@code plus}, or -1. Reads at most ~60 chars. */
    private static int international(CharSequence s, int plus, int n) {
        int pos = plus + 1;
        if (at(s, pos) == '(') {
            pos++;
        }
        char first = at(s, pos);
        if (first < '1' || first > '9') {
            return -1;
        }
        int digits = 0;
        int best = -1;
        while (true) {
            while (pos < n && isDigit(s.charAt(pos))) {
                digits++;
                pos++;
                if (digits > INTL_MAX) {
                    return best;
                }
            }
            if (digits >= INTL_MIN && intlEndOk(s, pos)) {
                best = pos;
            }
            int separators = 0;
            while (separators < 3 && isIntlSeparator(at(s, pos))) {
                pos++;
                separators++;
            }
            if (separators == 0 || !isDigit(at(s, pos))) {
                return best;
            }
        }
    }

    /** NANP layouts with an optional leading 1; end or -1. */
    private static int northAmerican(CharSequence s, int i) {
        if (s.charAt(i) == '1') {
            char next = at(s, i + 1);
            int body = -1;
            if (next == ' ' || next == '-' || next == '.') {
                body = i + 2;
            } else if (next == '(') {
                body = i + 1;
            }
            if (body > 0) {
                int end = northAmericanBody(s, body);
                if (end > 0) {
                    return end;
                }
            }
        }
        return northAmericanBody(s, i);
    }

    private static int northAmericanBody(CharSequence s, int p) {
        if (at(s, p) == '(') {
            if (!group(s, p + 1, 3) || at(s, p + 4) != ')') {
                return -1;
            }
            int q = p + 5;
            if (at(s, q) == ' ') {
                q++;
            }
            if (!group(s, q, 3)) {
                return -1;
            }
            char sep = at(s, q + 3);
            if ((sep != '-' && sep != ' ' && sep != '.') || !group(s, q + 4, 4)) {
                return -1;
            }
            int end = q + 8;
            return nationalEndOk(s, end) ? end : -1;
        }
        if (!group(s, p, 3)) {
            return -1;
        }
        char sep = at(s, p + 3);
        if ((sep != '-' && sep != ' ' && sep != '.') || !group(s, p + 4, 3) || at(s, p + 7) != sep
                || !group(s, p + 8, 4)) {
            return -1;
        }
        int end = p + 12;
        return nationalEndOk(s, end) ? end : -1;
    }

    /** Trunk-prefixed national layouts; end of the longest fitting one or -1. Reads at most ~40 chars. */
    private static int trunkPrefixed(CharSequence s, int i) {
        int pos = i;
        int digits;
        if (s.charAt(pos) == '(') {
            pos++;
            if (at(s, pos) != '0') {
                return -1;
            }
            digits = digitRun(s, pos, 6);
            if (digits < 2 || digits > 5 || at(s, pos + digits) != ')') {
                return -1;
            }
            pos += digits + 1;
            if (at(s, pos) == ' ') {
                pos++;
            }
        } else {
            if (s.charAt(pos) != '0') {
                return -1;
            }
            digits = digitRun(s, pos, 6);
            if (digits < 2 || digits > 5) {
                return -1;
            }
            pos += digits;
            char first = at(s, pos);
            if (first != ' ' && first != '-' && first != '/' && first != '.') {
                return -1;
            }
            pos++;
        }
        int group = digitRun(s, pos, 9);
        if (group < 2 || group > 8) {
            return -1;
        }
        pos += group;
        digits += group;
        int best = digits >= NATIONAL_MIN && digits <= NATIONAL_MAX && nationalEndOk(s, pos) ? pos : -1;
        char sep = at(s, pos);
        if (sep != ' ' && sep != '-' && sep != '.') {
            return best;
        }
        for (int k = 0; k < 5 && at(s, pos) == sep && isDigit(at(s, pos + 1)); k++) {
            group = digitRun(s, pos + 1, 9);
            if (group < 2 || group > 8 || digits + group > NATIONAL_MAX) {
                break;
            }
            pos += 1 + group;
            digits += group;
            if (digits >= NATIONAL_MIN && nationalEndOk(s, pos)) {
                best = pos;
            }
        }
        return best;
    }

    /** Exactly {@code length} digits at {@code from}, not followed by another digit. */
    private static boolean group(CharSequence s, int from, int length) {
        return digitRun(s, from, length + 1) == length;
    }
}
