package dev.replaymesh.redaction.pattern;

import static dev.replaymesh.redaction.pattern.Chars.at;
import static dev.replaymesh.redaction.pattern.Chars.isAsciiAlnum;
import static dev.replaymesh.redaction.pattern.Chars.isDigit;

import java.util.Locale;
import java.util.Set;

/**
 * {@code local@domain.tld}: found from each '@' (or its URL encoding "%40") outwards.
 * <ul>
 * <li>Local part: letters and digits of any script and {@code . _ % + -}, at least one letter or digit. A
 * {@code mailto:} prefix is not part of it, so it stays and the address goes.</li>
 * <li>Domain: at least two dot-separated labels of letters/digits of any script and inner '-', the last one a
 * TLD of two or more letters (or {@code xn--} punycode). {@code a@b} and {@code user@localhost} are not
 * addresses. When the labels after the TLD do not fit (e.g. {@code a@b.com..x}) the longest fitting prefix
 * is taken.</li>
 * <li>Retina asset names such as {@code icon@2x.png} are not addresses.</li>
 * </ul>
 * The local part is read at most 64 chars to the left of the '@' and the domain at most 256 to the right (the RFC
 * 5321 limits are 64 and 255): that bounds the work per '@', also for runs of "%40", and keeps the scan linear.
 */
final class EmailDetector implements Detector {

    static final EmailDetector INSTANCE = new EmailDetector();

    private static final int MAX_LOCAL = 64;
    private static final int MAX_DOMAIN = 256;
    private static final Set<String> IMAGE_EXTENSIONS =
            Set.of("png", "jpg", "jpeg", "gif", "webp", "svg", "avif", "bmp", "ico", "tif", "tiff");

    private EmailDetector() {
    }

    @Override
    public boolean worthScanning(int profile) {
        return TextProfile.has(profile, TextProfile.AT);
    }

    @Override
    public Spans find(CharSequence s, int rule, Spans spans) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            int atLength;
            if (c == '@') {
                atLength = 1;
            } else if (c == '%' && at(s, i + 1) == '4' && at(s, i + 2) == '0') {
                atLength = 3;
            } else {
                i++;
                continue;
            }
            int start = localStart(s, i);
            if (start >= 0) {
                int end = domainEnd(s, i + atLength, n);
                if (end > 0) {
                    spans = Spans.add(spans, start, end, rule);
                    i = end;
                    continue;
                }
            }
            i += atLength;
        }
        return spans;
    }

    /** Start of the local part ending just before {@code at}, or -1 when there is none. */
    private static int localStart(CharSequence s, int at) {
        int limit = Math.max(0, at - MAX_LOCAL);
        int start = at;
        boolean alnum = false;
        while (start > limit) {
            char c = s.charAt(start - 1);
            if (!isLocal(c)) {
                break;
            }
            alnum |= c >= 0x80 || isAsciiAlnum(c);
            start--;
        }
        return alnum ? start : -1;
    }

    /** End of the longest valid domain starting at {@code from}, or -1. */
    private static int domainEnd(CharSequence s, int from, int n) {
        int limit = Math.min(n, from + MAX_DOMAIN);
        int labels = 0;
        int best = -1;
        int firstLabelEnd = -1;
        int bestLabels = 0;
        int labelStart = from;
        while (true) {
            int j = labelStart;
            while (j < limit && isDomain(s.charAt(j))) {
                j++;
            }
            int length = j - labelStart;
            if (length == 0 || length > 63 || s.charAt(labelStart) == '-' || s.charAt(j - 1) == '-') {
                break;
            }
            labels++;
            if (labels == 1) {
                firstLabelEnd = j;
            } else if (isTld(s, labelStart, j)) {
                best = j;
                bestLabels = labels;
            }
            if (j + 1 < limit && s.charAt(j) == '.') {
                labelStart = j + 1;
                continue;
            }
            break;
        }
        if (best > 0 && bestLabels == 2 && isRetinaAsset(s, from, firstLabelEnd, best)) {
            return -1;
        }
        return best;
    }

    private static boolean isTld(CharSequence s, int from, int to) {
        int length = to - from;
        if (length >= 5 && (s.charAt(from) | 0x20) == 'x' && (s.charAt(from + 1) | 0x20) == 'n'
                && s.charAt(from + 2) == '-' && s.charAt(from + 3) == '-') {
            return true;
        }
        if (length < 2) {
            return false;
        }
        for (int k = from; k < to; k++) {
            if (!Character.isLetter(s.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    /** {@code name@2x.png}: first label digits + 'x', second an image extension. */
    private static boolean isRetinaAsset(CharSequence s, int from, int firstLabelEnd, int end) {
        int last = firstLabelEnd - 1;
        if (last <= from || (s.charAt(last) | 0x20) != 'x') {
            return false;
        }
        for (int k = from; k < last; k++) {
            if (!isDigit(s.charAt(k))) {
                return false;
            }
        }
        String extension = s.subSequence(firstLabelEnd + 1, end).toString().toLowerCase(Locale.ROOT);
        return IMAGE_EXTENSIONS.contains(extension);
    }

    private static boolean isLocal(char c) {
        if (c < 0x80) {
            return isAsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
        }
        return Character.isLetterOrDigit(c);
    }

    private static boolean isDomain(char c) {
        if (c < 0x80) {
            return isAsciiAlnum(c) || c == '-';
        }
        return Character.isLetterOrDigit(c);
    }
}
