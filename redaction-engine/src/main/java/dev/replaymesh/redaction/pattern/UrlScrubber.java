package dev.replaymesh.redaction.pattern;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Scrubs URLs (href, src, action, location, ...). Never throws, whatever the string.
 * <ol>
 * <li><b>Named parameters</b>: the values of parameters whose name (percent-decoded, case-insensitive) is in the
 * configured set are masked with '*', keeping names, '=', '&amp;' and the rest of the URL. Parameters are read in
 * the query ({@code ?a=b&token=x}) and in the fragment ({@code #a=b&token=x}, or after a '?' inside it as in
 * {@code #/route?code=x}). A value runs to the next '&amp;' or '#' (';' does not end it, so no part of a secret
 * survives). Hits are {@code url-param:<name>}.</li>
 * <li><b>Encoded values</b>: other parameter values containing '%' or '+' are decoded and run through the
 * {@link PatternSet}; if that finds anything the whole raw value is masked (so {@code ?q=a%40b.co} or
 * {@code ?to=%2B4930123456} do not slip past), reported under the rule that matched.</li>
 * <li><b>Anywhere else</b>: a regex finds {@code name=value} for the configured names anywhere in the string (paths
 * with matrix parameters, relative and malformed URLs, a second '?' inside a value, bare query strings), values
 * ending at '&amp;', '#', whitespace, quotes or angle brackets.</li>
 * <li><b>User info</b>: the password in {@code scheme://user:password@host} is masked, hit {@code url-userinfo}.</li>
 * <li><b>Patterns</b>: finally the {@link PatternSet} runs over the whole (masked) string, so an email in any
 * parameter or in the path is caught.</li>
 * </ol>
 * Masking always keeps the length. When nothing was found the same instance comes back.
 */
public final class UrlScrubber {

    /** Parameter names masked by default. */
    public static final Set<String> DEFAULT_PARAMS = Set.of("token", "access_token", "refresh_token", "id_token",
            "code", "session", "sessionid", "session_id", "auth", "key", "api_key", "apikey", "password", "pass",
            "secret", "signature", "sig", "email");

    static final String USERINFO_RULE = "url-userinfo";
    private static final String PARAM_RULE_PREFIX = "url-param:";

    private final Set<String> names;
    private final String[] nameList;
    private final PatternSet patterns;
    private final Pattern anywhere;

    /**
     * @param paramNames parameter names whose values are masked, compared case-insensitively
     * @param patterns   run over every URL after parameter masking
     */
    public UrlScrubber(Set<String> paramNames, PatternSet patterns) {
        Objects.requireNonNull(paramNames, "paramNames");
        this.patterns = Objects.requireNonNull(patterns, "patterns");
        this.names = paramNames.stream().map(n -> {
            Objects.requireNonNull(n, "parameter name");
            if (n.isEmpty()) {
                throw new IllegalArgumentException("empty parameter name");
            }
            return n.toLowerCase(Locale.ROOT);
        }).collect(Collectors.toUnmodifiableSet());
        this.nameList = names.toArray(String[]::new);
        this.anywhere = names.isEmpty() ? null : Pattern.compile("(?<![A-Za-z0-9_.%\\-])("
                + names.stream().sorted(Comparator.comparingInt(String::length).reversed()).map(Pattern::quote)
                        .collect(Collectors.joining("|"))
                + ")=([^&#\\s\"'<>]+)", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    public static UrlScrubber withDefaults(PatternSet patterns) {
        return new UrlScrubber(DEFAULT_PARAMS, patterns);
    }

    public Set<String> paramNames() {
        return names;
    }

    public Scrubbed scrub(String url) {
        Objects.requireNonNull(url, "url");
        Work w = new Work(url);
        maskUserInfo(w);
        if (url.indexOf('=') >= 0) {
            int hash = url.indexOf('#');
            int query = url.indexOf('?');
            if (query >= 0 && (hash < 0 || query < hash)) {
                maskParams(w, query + 1, hash < 0 ? url.length() : hash, true);
            }
            if (hash >= 0) {
                int inner = url.indexOf('?', hash + 1);
                // Hash routes carry form-encoded queries too: '+' is a space there as well.
                maskParams(w, inner >= 0 ? inner + 1 : hash + 1, url.length(), true);
            }
            maskAnywhere(w);
        }
        String masked = w.buf == null ? url : new String(w.buf);
        Scrubbed rest = patterns.scrub(masked);
        if (w.hits == null) {
            return rest;
        }
        List<Hit> hits = new ArrayList<>(w.hits);
        hits.addAll(rest.hits());
        return new Scrubbed(rest.text(), hits);
    }

    /** name=value pairs separated by '&' in [from, to); in the query a value also ends at '#'. */
    private void maskParams(Work w, int from, int to, boolean query) {
        String url = w.url;
        int pos = from;
        while (pos < to) {
            int amp = url.indexOf('&', pos);
            int end = amp < 0 || amp > to ? to : amp;
            int eq = url.indexOf('=', pos);
            if (eq >= 0 && eq < end) {
                String name = configuredName(url, pos, eq, query);
                if (name != null) {
                    w.mask(eq + 1, end, PARAM_RULE_PREFIX + name);
                } else if (eq + 1 < end && hasEscapes(url, eq + 1, end)) {
                    Scrubbed inner = patterns.scrub(decode(url, eq + 1, end, query));
                    if (inner.changed()) {
                        w.mask(eq + 1, end, inner.hits().get(0).ruleId());
                    }
                }
            }
            pos = end + 1;
        }
    }

    /** The configured name equal to the (decoded) name in [from, to), or null; allocates only for encoded names. */
    private String configuredName(String url, int from, int to, boolean query) {
        if (hasEscapes(url, from, to)) {
            String decoded = decode(url, from, to, query).toLowerCase(Locale.ROOT);
            return names.contains(decoded) ? decoded : null;
        }
        int length = to - from;
        for (String name : nameList) {
            if (name.length() == length && url.regionMatches(true, from, name, 0, length)) {
                return name;
            }
        }
        return null;
    }

    private void maskAnywhere(Work w) {
        if (anywhere == null) {
            return;
        }
        Matcher m = anywhere.matcher(w.url);
        while (m.find()) {
            int s = m.start(2);
            int e = m.end(2);
            if (!w.isMasked(s, e)) {
                w.mask(s, e, PARAM_RULE_PREFIX + m.group(1).toLowerCase(Locale.ROOT));
            }
        }
    }

    /** scheme://user:password@host: masks the password. */
    private static void maskUserInfo(Work w) {
        String url = w.url;
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return;
        }
        int from = scheme + 3;
        int end = from;
        while (end < url.length()) {
            char c = url.charAt(end);
            if (c == '/' || c == '?' || c == '#') {
                break;
            }
            end++;
        }
        int at = url.lastIndexOf('@', end - 1);
        if (at < from) {
            return;
        }
        int colon = url.indexOf(':', from);
        if (colon >= 0 && colon < at && colon + 1 < at) {
            w.mask(colon + 1, at, USERINFO_RULE);
        }
    }

    private static boolean hasEscapes(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%' || c == '+') {
                return true;
            }
        }
        return false;
    }

    /** Lenient percent-decoding: bad escapes stay as they are, bad UTF-8 becomes U+FFFD; '+' is a space in queries. */
    static String decode(String s, int from, int to, boolean plusIsSpace) {
        boolean plain = true;
        for (int i = from; i < to && plain; i++) {
            char c = s.charAt(i);
            plain = c != '%' && !(plusIsSpace && c == '+');
        }
        if (plain) {
            return s.substring(from, to);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if (c == '%' && hex(at(s, i + 1, to)) >= 0 && hex(at(s, i + 2, to)) >= 0) {
                bytes.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 3;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
                i++;
            } else {
                int next = Character.isHighSurrogate(c) && i + 1 < to ? i + 2 : i + 1;
                byte[] utf8 = s.substring(i, next).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
                i = next;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static char at(String s, int i, int to) {
        return i < to ? s.charAt(i) : '\0';
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** The URL, a lazily made masked copy and the hits so far. */
    private static final class Work {
        final String url;
        char[] buf;
        List<Hit> hits;

        Work(String url) {
            this.url = url;
        }

        void mask(int from, int to, String rule) {
            if (to <= from) {
                return;
            }
            if (buf == null) {
                buf = url.toCharArray();
                hits = new ArrayList<>();
            }
            Arrays.fill(buf, from, to, '*');
            hits.add(new Hit(rule, to - from));
        }

        boolean isMasked(int from, int to) {
            if (buf == null) {
                return false;
            }
            for (int i = from; i < to; i++) {
                if (buf[i] != '*') {
                    return false;
                }
            }
            return true;
        }
    }
}
