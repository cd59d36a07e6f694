package dev.replaymesh.redaction.engine.gen;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Values planted into generated pages: secrets in the formats the builtin detectors document, opaque secrets
 * (parameter, header and field values, typed passwords, text of protected elements), and ordinary content none of
 * the detectors may take for a secret.
 */
public final class Values {

    private static final String LOWER_DIGITS = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String UPPER_DIGITS = UPPER + "0123456789";
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String BASE64URL = ALNUM + "-_";
    private static final String TOKEN_CHARS = ALNUM + "._~+/-";

    private Values() {
    }

    // ---- secrets the patterns must find -------------------------------------------------------------------------

    public static Arbitrary<Planted> secrets() {
        return Arbitraries.oneOf(emails(), cards(), ibans(), jwts(), bearers(), phones());
    }

    public static Arbitrary<Planted> emails() {
        Arbitrary<String> local = Combinators.combine(chars(LOWER_DIGITS, 1, 12),
                Arbitraries.of("", ".", "+", "_", "-", "+news.", "ü"), chars(LOWER_DIGITS, 1, 8))
                .as((a, sep, b) -> a + sep + b);
        Arbitrary<String> domain = Combinators.combine(chars(LOWER_DIGITS, 1, 10).list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.of("com", "org", "net", "de", "io", "co", "example", "shop", "рф"))
                .as((labels, tld) -> String.join(".", labels) + "." + tld);
        return Combinators.combine(Arbitraries.of("", "", "", "mailto:"), local, domain, Arbitraries.of("@", "@", "@", "%40"))
                .as((prefix, l, d, at) -> new Planted("email", prefix + l + at + d, l + at + d));
    }

    public static Arbitrary<Planted> cards() {
        Arbitrary<String> digits = Combinators.combine(Arbitraries.integers().between(1, 9),
                Arbitraries.strings().numeric().ofMinLength(11).ofMaxLength(17))
                .as((first, rest) -> withLuhnDigit(first + rest));
        return Combinators.combine(digits, Arbitraries.of("", " ", "-", " ", "-"), Arbitraries.of(0, 0, 1),
                Arbitraries.integers().between(3, 8).list().ofSize(6))
                .as((d, sep, layout, sizes) -> {
                    String card = sep.isEmpty() ? d : layout == 0 ? group(d, sep, List.of(4, 4, 4, 4, 4)) : group(d, sep, sizes);
                    return new Planted("card", card, card);
                });
    }

    public static Arbitrary<Planted> ibans() {
        Arbitrary<String> bban = Arbitraries.oneOf(Arbitraries.strings().numeric().ofMinLength(11).ofMaxLength(30),
                chars(UPPER_DIGITS, 11, 30));
        return Combinators.combine(chars(UPPER, 2, 2), bban, Arbitraries.of(true, false)).as((cc, b, grouped) -> {
            String iban = cc + checkDigits(cc, b) + b;
            if (grouped) {
                iban = String.join(" ", iban.split("(?<=\\G.{4})"));
            }
            return new Planted("iban", iban, iban);
        });
    }

    public static Arbitrary<Planted> jwts() {
        Arbitrary<String> header = Arbitraries.of("HS256", "RS256", "ES384").map(alg -> "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}");
        Arbitrary<String> payload = Combinators.combine(chars(LOWER_DIGITS, 1, 16),
                Arbitraries.longs().between(1_500_000_000L, 1_900_000_000L))
                .as((sub, iat) -> "{\"sub\":\"" + sub + "\",\"iat\":" + iat + "}");
        return Combinators.combine(header, payload, chars(BASE64URL, 0, 86)).as((h, p, s) -> {
            String jwt = b64(h) + "." + b64(p) + "." + s;
            return new Planted("jwt", jwt, jwt);
        });
    }

    /** "Bearer token": only the token is the secret. A digit keeps the token from reading like a word. */
    public static Arbitrary<Planted> bearers() {
        Arbitrary<String> token = Combinators.combine(chars(TOKEN_CHARS, 7, 48), Arbitraries.integers().between(0, 9),
                Arbitraries.of("", "", "=", "=="))
                .as((t, digit, pad) -> t.substring(0, t.length() / 2) + digit + t.substring(t.length() / 2) + pad);
        return Combinators.combine(Arbitraries.of("Bearer ", "bearer ", "BEARER ", "Bearer  ", "Bearer\t"), token)
                .as((prefix, t) -> new Planted("bearer", prefix + t, t));
    }

    public static Arbitrary<Planted> phones() {
        return Arbitraries.oneOf(internationalPhones(), northAmericanPhones(), trunkPhones());
    }

    /** '+', a country code and 9-15 digits in all, in groups joined by one separator. */
    static Arbitrary<Planted> internationalPhones() {
        return Combinators.combine(Arbitraries.integers().between(1, 999), Arbitraries.integers().between(9, 15),
                Arbitraries.strings().numeric().ofLength(15), Arbitraries.of("", " ", "-", ".", " "),
                Arbitraries.integers().between(1, 5).list().ofSize(8))
                .as((cc, total, digits, sep, sizes) -> {
                    String code = String.valueOf(cc);
                    String rest = digits.substring(0, total - code.length());
                    StringBuilder phone = new StringBuilder("+").append(code);
                    int pos = 0;
                    for (int k = 0; pos < rest.length(); k++) {
                        int end = k < sizes.size() ? Math.min(rest.length(), pos + sizes.get(k)) : rest.length();
                        phone.append(sep).append(rest, pos, end);
                        pos = end;
                    }
                    return new Planted("phone", phone.toString(), phone.toString());
                });
    }

    static Arbitrary<Planted> northAmericanPhones() {
        return Combinators.combine(Arbitraries.strings().numeric().ofLength(10),
                Arbitraries.of("%s-%s-%s", "%s.%s.%s", "%s %s %s", "(%s) %s-%s", "(%s)%s-%s", "1-%s-%s-%s", "1 (%s) %s-%s"))
                .as((d, format) -> {
                    String phone = String.format(format, d.substring(0, 3), d.substring(3, 6), d.substring(6));
                    return new Planted("phone", phone, phone);
                });
    }

    /** A 2-5 digit group starting with 0, then groups of 2-8 digits, 9-13 digits in all. */
    static Arbitrary<Planted> trunkPhones() {
        return Combinators.combine(Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(4),
                Arbitraries.of(" ", "-", "/", ".", "()"), Arbitraries.of(" ", "-", "."),
                Arbitraries.integers().between(9, 13), Arbitraries.integers().between(2, 8).list().ofSize(6),
                Arbitraries.strings().numeric().ofLength(13))
                .as((area, first, sep, total, sizes, digits) -> {
                    String prefix = "0" + area;
                    int rest = total - prefix.length();
                    List<Integer> groups = new ArrayList<>();
                    for (int k = 0; rest > 0; k++) {
                        int size = k < sizes.size() ? sizes.get(k) : 8;
                        if (rest - size < 2) {
                            size = rest <= 8 ? rest : rest - 2;
                        }
                        groups.add(size);
                        rest -= size;
                    }
                    StringBuilder phone = new StringBuilder(first.equals("()") ? "(" + prefix + ") " : prefix + first);
                    int pos = 0;
                    for (int k = 0; k < groups.size(); k++) {
                        phone.append(k == 0 ? "" : sep).append(digits, pos, pos + groups.get(k));
                        pos += groups.get(k);
                    }
                    return new Planted("phone", phone.toString(), phone.toString());
                });
    }

    // ---- opaque secrets: removed by where they are, not by what they look like ----------------------------------

    /** A value such as a session id, an API key or a password: nothing a pattern would find. */
    public static Arbitrary<String> opaque() {
        // letters first, so that no shrunk value is a run of digits that a timestamp could contain
        return Combinators.combine(chars(UPPER + "abcdefghijklmnopqrstuvwxyz", 3, 6), Arbitraries.of("_", "-", ""),
                chars(ALNUM, 6, 14)).as((a, sep, b) -> a + sep + b);
    }

    /** Text of a protected element: "Recovery code: 7XQ2-PLMN" and the like; the code makes it unique. */
    public static Arbitrary<String> privatePhrase() {
        return Combinators.combine(Arbitraries.of("Recovery code:", "Backup code", "Diagnosis", "Salary", "Security answer",
                "Internal note", "Kontostand", "Notiz"), chars(UPPER_DIGITS, 4, 6), chars(UPPER_DIGITS, 3, 6))
                .as((label, a, b) -> label + " " + a + "-" + b);
    }

    // ---- ordinary content ----------------------------------------------------------------------------------------

    /** Letter words only: they sit next to secrets without ever becoming part of one. */
    public static Arbitrary<String> contextWord() {
        return Arbitraries.of("the", "and", "order", "shipped", "café", "naïve", "größe", "東京", "москва", "please",
                "call", "write", "to", "card", "number", "is", "here", "ok", "straße", "déjà", "vu", "ça", "日本語");
    }

    /**
     * Words, numbers with units, prices, dates and unicode as pages show them. Bare numbers are left out: three of
     * them in a row can be a phone number, four a card number.
     */
    public static Arbitrary<String> ordinaryToken() {
        Arbitrary<String> words = Arbitraries.of("the", "and", "order", "shipped", "Preis", "Größe", "naïve", "café",
                "東京", "Москва", "سلام", "résumé", "Add", "to", "cart", "Total", "page", "of", "results", "key", "token",
                "card", "phone", "mail", "delivery", "Invoice", "account", "Settings", "Welcome", "back", "Sign", "in",
                "Weekly", "report", "ready", "Refunds", "are", "processed", "within", "ten", "business", "days", "日本語",
                "🎉", "👍🏽", "Straße", "Zürich", "IBAN", "ID", "v2", "A4", "—", "…", "«", "»", ",", "!", "?", ":");
        Arbitrary<String> n = Arbitraries.integers().between(0, 9999).map(String::valueOf);
        Arbitrary<String> withUnit = Combinators.combine(n, Arbitraries.of("%", "kg", "px", "€", "ms", "°C", "x", "h", " items"))
                .as((v, unit) -> v + unit);
        Arbitrary<String> prices = Combinators.combine(Arbitraries.of("$", "€", "£"), Arbitraries.integers().between(0, 2999),
                Arbitraries.integers().between(0, 99))
                .as((c, whole, cents) -> c + (whole >= 1000 ? whole / 1000 + "," + String.format("%03d", whole % 1000) : whole)
                        + "." + String.format("%02d", cents));
        Arbitrary<String> dates = Combinators.combine(Arbitraries.integers().between(2000, 2030), Arbitraries.integers().between(1, 12),
                Arbitraries.integers().between(1, 28), Arbitraries.of(true, false))
                .as((y, m, d, iso) -> iso ? String.format("%d-%02d-%02d", y, m, d) : String.format("%02d.%02d.%d", d, m, y));
        Arbitrary<String> other = Arbitraries.of("10:15", "v1.2.3", "#1041", "x1000", "3.14", "-42", "1/2", "50/50",
                "ORD-2024-000123", "d41d8cd98f00b204e9800998ecf8427e", "12:00–14:00");
        return Arbitraries.frequencyOf(
                Tuple.of(8, words),
                Tuple.of(3, withUnit),
                Tuple.of(2, prices),
                Tuple.of(2, dates),
                Tuple.of(1, other));
    }

    public static Arbitrary<List<String>> ordinaryText(int min, int max) {
        return ordinaryToken().list().ofMinSize(min).ofMaxSize(max);
    }

    /** A short identifier: class names, ids, data-* values, query values. */
    public static Arbitrary<String> slug() {
        return Arbitraries.of("card", "hero", "nav", "main", "footer", "item", "price", "cta", "total", "summary",
                "row", "col", "btn-primary", "is-active", "checkout", "profile", "sidebar", "list-item", "badge", "shoes",
                "boots", "en", "de", "asc", "desc", "2", "17", "q4");
    }

    /** Tailwind-like utility classes: real pages put dozens of them on one element. */
    public static Arbitrary<String> utilityClass() {
        return Arbitraries.of("flex", "items-center", "justify-between", "px-4", "py-2", "mt-6", "rounded-lg",
                "bg-white", "text-gray-700", "hover:bg-gray-100", "md:flex-row", "lg:w-1/3", "shadow-sm", "border",
                "border-gray-200", "font-semibold", "tracking-tight", "focus:outline-none", "focus:ring-2",
                "dark:bg-slate-800", "transition-colors", "duration-150", "space-y-4", "grid", "grid-cols-3", "gap-4",
                "overflow-hidden", "truncate", "sm:text-sm", "leading-6");
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    static Arbitrary<String> chars(String alphabet, int min, int max) {
        return Arbitraries.strings().withChars(alphabet.toCharArray()).ofMinLength(min).ofMaxLength(max);
    }

    /** Splits into groups of the given sizes (3+), a short tail merged into the last group. */
    static String group(String digits, String sep, List<Integer> sizes) {
        List<String> groups = new ArrayList<>();
        int pos = 0;
        for (int k = 0; pos < digits.length(); k++) {
            int end = k < sizes.size() ? Math.min(digits.length(), pos + sizes.get(k)) : digits.length();
            if (digits.length() - end < 3) {
                end = digits.length();
            }
            groups.add(digits.substring(pos, end));
            pos = end;
        }
        return String.join(sep, groups);
    }

    static String withLuhnDigit(String payload) {
        for (int d = 0; d <= 9; d++) {
            if (luhn(payload + d)) {
                return payload + d;
            }
        }
        throw new AssertionError(payload);
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    static String checkDigits(String country, String bban) {
        StringBuilder numeric = new StringBuilder();
        for (char c : (bban + country + "00").toCharArray()) {
            numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        return String.format("%02d", 98 - new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue());
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
