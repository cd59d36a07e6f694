package dev.replaymesh.redaction.pattern;

import static dev.replaymesh.redaction.pattern.Chars.at;
import static dev.replaymesh.redaction.pattern.Chars.isDigit;
import static dev.replaymesh.redaction.pattern.Chars.isUpper;
import static dev.replaymesh.redaction.pattern.Chars.isWord;

/**
 * IBANs: two capital letters, two check digits, 11-30 capitals or digits (15-34 chars in all), either in one run
 * ({@code DE89370400440532013000}) or in groups of four joined by single spaces with a shorter last group
 * ({@code DE89 3704 0044 0532 0130 00}), valid under ISO 7064 mod 97-10. Not glued to letters, digits or '_'.
 * Lower-case IBANs are not recognised: with lower case allowed, about one lower-case hex hash in two thousand would
 * pass.
 */
final class IbanDetector implements Detector {

    static final IbanDetector INSTANCE = new IbanDetector();

    private static final int MIN_LENGTH = 15;
    private static final int MAX_LENGTH = 34;

    private IbanDetector() {
    }

    @Override
    public boolean worthScanning(int profile) {
        return TextProfile.has(profile, TextProfile.IBAN_START);
    }

    @Override
    public Spans find(CharSequence s, int rule, Spans spans) {
        int n = s.length();
        int i = 0;
        while (i + 4 <= n) {
            if (isUpper(s.charAt(i)) && isUpper(s.charAt(i + 1)) && isDigit(s.charAt(i + 2))
                    && isDigit(s.charAt(i + 3)) && !isWord(at(s, i - 1))) {
                int end = at(s, i + 4) == ' ' ? grouped(s, i) : contiguous(s, i, n);
                if (end > 0) {
                    // no skipping: a grouped match may have run into the first groups of the next IBAN
                    spans = Spans.add(spans, i, end, rule);
                }
            }
            i++;
        }
        return spans;
    }

    private static int contiguous(CharSequence s, int start, int n) {
        int end = start + 4;
        while (end < n && end - start <= MAX_LENGTH && isBban(s.charAt(end))) {
            end++;
        }
        int length = end - start;
        if (length < MIN_LENGTH || length > MAX_LENGTH || isWord(at(s, end))) {
            return -1;
        }
        return mod97(s, start, end) == 1 ? end : -1;
    }

    /** Longest valid prefix of "CCdd dddd dddd ..." ending at a group end; -1 if none. */
    private static int grouped(CharSequence s, int start) {
        int pos = start + 4;
        int length = 4;
        int best = -1;
        while (at(s, pos) == ' ') {
            int group = 0;
            while (group < 5 && isBban(at(s, pos + 1 + group))) {
                group++;
            }
            if (group == 0 || group > 4) {
                break;
            }
            pos += 1 + group;
            length += group;
            if (length > MAX_LENGTH) {
                break;
            }
            if (length >= MIN_LENGTH && !isWord(at(s, pos)) && mod97(s, start, pos) == 1) {
                best = pos;
            }
            if (group < 4) {
                break;
            }
        }
        return best;
    }

    private static boolean isBban(char c) {
        return isUpper(c) || isDigit(c);
    }

    /** ISO 7064 mod 97 of the IBAN in [from, to) with spaces skipped: the first four chars move to the end. */
    static int mod97(CharSequence s, int from, int to) {
        int r = 0;
        for (int k = from + 4; k < to; k++) {
            r = step(r, s.charAt(k));
        }
        for (int k = from; k < from + 4; k++) {
            r = step(r, s.charAt(k));
        }
        return r;
    }

    private static int step(int r, char c) {
        if (isDigit(c)) {
            return (r * 10 + (c - '0')) % 97;
        }
        if (isUpper(c)) {
            return (r * 100 + (c - 'A' + 10)) % 97;
        }
        return r;
    }
}
