package dev.replaymesh.redaction.pattern;

import static dev.replaymesh.redaction.pattern.Chars.at;
import static dev.replaymesh.redaction.pattern.Chars.isAsciiLetter;
import static dev.replaymesh.redaction.pattern.Chars.isAsciiAlnum;
import static dev.replaymesh.redaction.pattern.Chars.isWord;

/**
 * {@code Bearer <token>}, "Bearer" in any case and not the end of a longer word, followed by spaces, tabs or
 * "%20" (URL-encoded), then a token of at least 8 chars of {@code A-Z a-z 0-9 . _ ~ + / = -} (RFC 6750
 * b64token). Only the token is replaced; "Bearer " stays.
 * <p>
 * A token made of letters only that reads like a word (all lower case, all upper case, or one leading capital)
 * is English, not a credential: "bearer instruments", "Bearer Authentication". Letter-only tokens with inner
 * capitals ({@code abcDEFghiJKL}) are still masked.
 */
final class BearerDetector implements Detector {

    static final BearerDetector INSTANCE = new BearerDetector();

    private static final String WORD = "bearer";
    private static final int MIN_TOKEN = 8;
    private static final int MAX_GAP = 16;

    private BearerDetector() {
    }

    @Override
    public boolean worthScanning(int profile) {
        return TextProfile.has(profile, TextProfile.BEARER);
    }

    @Override
    public Spans find(CharSequence s, int rule, Spans spans) {
        int n = s.length();
        int i = 0;
        while (i + WORD.length() < n) {
            if ((s.charAt(i) | 0x20) != 'b' || !isBearer(s, i) || isWord(at(s, i - 1))) {
                i++;
                continue;
            }
            int pos = i + WORD.length();
            int gaps = 0;
            while (gaps < MAX_GAP) {
                char c = at(s, pos);
                if (c == ' ' || c == '\t') {
                    pos++;
                } else if (c == '%' && at(s, pos + 1) == '2' && at(s, pos + 2) == '0') {
                    pos += 3;
                } else {
                    break;
                }
                gaps++;
            }
            if (gaps == 0) {
                i = pos;
                continue;
            }
            int token = pos;
            while (pos < n && isTokenChar(s.charAt(pos))) {
                pos++;
            }
            if (pos - token >= MIN_TOKEN && !readsLikeAWord(s, token, pos)) {
                spans = Spans.add(spans, token, pos, rule);
            }
            i = Math.max(pos, i + 1);
        }
        return spans;
    }

    private static boolean isBearer(CharSequence s, int i) {
        for (int k = 1; k < WORD.length(); k++) {
            if ((s.charAt(i + k) | 0x20) != WORD.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTokenChar(char c) {
        return isAsciiAlnum(c) || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '=' || c == '-';
    }

    private static boolean readsLikeAWord(CharSequence s, int from, int to) {
        boolean innerUpper = false;
        boolean lower = false;
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (!isAsciiLetter(c)) {
                return false;
            }
            if (c >= 'a') {
                lower = true;
            } else if (k > from) {
                innerUpper = true;
            }
        }
        // all lower, all upper, or Capitalised
        return !(innerUpper && lower);
    }
}
