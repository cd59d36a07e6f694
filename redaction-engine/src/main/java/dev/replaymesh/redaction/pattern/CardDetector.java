package dev.replaymesh.redaction.pattern;

import static dev.replaymesh.redaction.pattern.Chars.at;
import static dev.replaymesh.redaction.pattern.Chars.isDigit;
import static dev.replaymesh.redaction.pattern.Chars.isWord;

/**
 * Payment card numbers: 13-19 digits that pass the Luhn check, written as one run or as groups joined by single
 * spaces or single dashes.
 * <ul>
 * <li>A grouped number is any window of consecutive groups of a sequence like {@code 12 4111 1111 1111 1111}, so a
 * card next to other numbers is still found. In a window of two or more groups every group has at least three
 * digits (real layouts are 4-4-4-4, 4-6-5, 4-6-4, 4-4-4-4-3), which keeps dates such as
 * {@code 2024-11-23 2024-11-24} out.</li>
 * <li>A run of more than 19 digits is some other number; no card is cut out of it.</li>
 * <li>One separator throughout a window: {@code 2024-000123 255} is not a card.</li>
 * <li>Not glued to letters, digits or '_' (hex hashes, ids), not part of a dash chain that is joined to a word
 * (order codes such as {@code ORD-2024-000123-4567}, the last group of a UUID), and not the fraction or integer
 * part of a decimal such as {@code 0.4111111111111111}.</li>
 * <li>The first digit is not 0: payment card numbers never start with 0.</li>
 * <li>Fail closed: any other 13-19 digit number that passes Luhn is masked too, including 13-digit millisecond
 * timestamps such as {@code 1732358400007} (one in ten of them).</li>
 * </ul>
 */
final class CardDetector implements Detector {

    static final CardDetector INSTANCE = new CardDetector();

    static final int MIN_DIGITS = 13;
    static final int MAX_DIGITS = 19;
    private static final int MIN_GROUP = 3;

    private CardDetector() {
    }

    @Override
    public boolean worthScanning(int profile) {
        return TextProfile.has(profile, TextProfile.CARD_DIGITS);
    }

    @Override
    public Spans find(CharSequence s, int rule, Spans spans) {
        int n = s.length();
        // A dash chain that starts glued to a word (UUIDs, order codes) is a code all along its length.
        boolean inCode = false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!isDigit(c) || (i > 0 && isDigit(s.charAt(i - 1)))) {
                continue;
            }
            if (!(at(s, i - 1) == '-' && isDigit(at(s, i - 2)))) {
                inCode = !startOk(s, i);
            }
            if (inCode || c == '0') {
                continue;
            }
            // Every group start is a window start; each attempt reads at most 19 digits plus separators.
            int end = longestWindow(s, i, n);
            if (end > 0) {
                spans = Spans.add(spans, i, end, rule);
            }
        }
        return spans;
    }

    private static boolean startOk(CharSequence s, int i) {
        char prev = at(s, i - 1);
        if (isWord(prev)) {
            return false;
        }
        char before = at(s, i - 2);
        if ((prev == '.' || prev == ',') && isDigit(before)) {
            return false;
        }
        return !(prev == '-' && isWord(before) && !isDigit(before));
    }

    private static boolean endOk(CharSequence s, int end) {
        char next = at(s, end);
        if (isWord(next)) {
            return false;
        }
        char after = at(s, end + 1);
        if ((next == '.' || next == ',') && isDigit(after)) {
            return false;
        }
        return !(next == '-' && isWord(after) && !isDigit(after));
    }

    /** End of the longest Luhn-valid window of groups starting at {@code start}, or -1. */
    private static int longestWindow(CharSequence s, int start, int n) {
        int pos = start;
        int digits = 0;
        int groups = 0;
        int minGroup = Integer.MAX_VALUE;
        int best = -1;
        char separator = 0;
        while (true) {
            int group = Chars.digitRun(s, pos, MAX_DIGITS + 1);
            if (group > MAX_DIGITS) {
                break;
            }
            pos += group;
            digits += group;
            groups++;
            minGroup = Math.min(minGroup, group);
            if (digits > MAX_DIGITS || (groups > 1 && minGroup < MIN_GROUP)) {
                break;
            }
            if (digits >= MIN_DIGITS && endOk(s, pos) && luhn(s, start, pos)) {
                best = pos;
            }
            char sep = at(s, pos);
            if ((sep != ' ' && sep != '-') || (separator != 0 && sep != separator) || !isDigit(at(s, pos + 1))) {
                break;
            }
            separator = sep;
            pos++;
        }
        return best;
    }

    /** Luhn over the digits in [from, to), skipping separators. */
    static boolean luhn(CharSequence s, int from, int to) {
        int sum = 0;
        boolean twice = false;
        for (int k = to - 1; k >= from; k--) {
            char c = s.charAt(k);
            if (!isDigit(c)) {
                continue;
            }
            int d = c - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }
}
