package dev.replaymesh.redaction.pattern;

import static dev.replaymesh.redaction.pattern.Chars.at;
import static dev.replaymesh.redaction.pattern.Chars.isBase64Url;

/**
 * JSON Web Tokens (JWS and JWE compact form): base64url segments joined by dots, the first starting with
 * {@code eyJ} (base64 of <code>{"</code>) and at least five chars long, three to five segments. The second segment
 * is non-empty unless there are five (a JWE with an empty key segment); the last may be empty (unsigned
 * {@code alg: none} tokens). The first segment must not follow a base64url char.
 */
final class JwtDetector implements Detector {

    static final JwtDetector INSTANCE = new JwtDetector();

    private static final int MAX_SEGMENTS = 5;

    private JwtDetector() {
    }

    @Override
    public boolean worthScanning(int profile) {
        return TextProfile.has(profile, TextProfile.EYJ);
    }

    @Override
    public Spans find(CharSequence s, int rule, Spans spans) {
        int n = s.length();
        int i = 0;
        while (i + 3 <= n) {
            if (s.charAt(i) == 'e' && s.charAt(i + 1) == 'y' && s.charAt(i + 2) == 'J'
                    && !isBase64Url(at(s, i - 1))) {
                int end = match(s, i, n);
                if (end > 0) {
                    // no skipping: trailing segments taken here may be the start of a token glued on with a dot
                    spans = Spans.add(spans, i, end, rule);
                    i += 3;
                    continue;
                }
                // Nothing inside this segment can start a token (every char follows a base64url char).
                i = runEnd(s, i, n);
                continue;
            }
            i++;
        }
        return spans;
    }

    private static int match(CharSequence s, int start, int n) {
        int pos = runEnd(s, start, n);
        if (pos - start < 5) {
            return -1;
        }
        int segments = 1;
        boolean secondEmpty = false;
        while (segments < MAX_SEGMENTS && at(s, pos) == '.') {
            int next = runEnd(s, pos + 1, n);
            if (segments == 1 && next == pos + 1) {
                secondEmpty = true;
            }
            pos = next;
            segments++;
        }
        if (segments < 3 || (secondEmpty && segments < MAX_SEGMENTS)) {
            return -1;
        }
        return pos;
    }

    private static int runEnd(CharSequence s, int from, int n) {
        int i = from;
        while (i < n && isBase64Url(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
