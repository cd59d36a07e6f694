package dev.replaymesh.redaction.pattern;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/** Generators for values the builtins must find, and for ordinary text they must leave alone. */
final class Secrets {

    /**
     * A planted value: {@code text} goes into the document, {@code secret} is the part that must not survive (the
     * token of a Bearer header, everything otherwise).
     */
    record Planted(String kind, String text, String secret) {
        int secretOffset() {
            return text.indexOf(secret);
        }
    }

    private static final String LOWER_DIGITS = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String TOKEN_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~+/-";

    private Secrets() {
    }

    static Arbitrary<Planted> any() {
        return Arbitraries.oneOf(emails(), cards(), ibans(), jwts(), bearers(), phones());
    }

    static Arbitrary<Planted> emails() {
        Arbitrary<String> local = Combinators.combine(
                chars(LOWER_DIGITS, 1, 12),
                Arbitraries.of("", ".", "+", "_", "-", "+tag.", "ü", "é.x"),
                chars(LOWER_DIGITS, 1, 8))
                .as((a, sep, b) -> a + sep + b);
        Arbitrary<String> domain = Combinators.combine(
                chars(LOWER_DIGITS, 1, 10).list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.of("com", "org", "net", "de", "io", "co", "example", "info", "shop", "рф"))
                .as((labels, tld) -> String.join(".", labels) + "." + tld);
        return Combinators.combine(Arbitraries.of("", "", "mailto:"), local, domain, Arbitraries.of("@", "@", "%40"))
                .as((prefix, l, d, at) -> {
                    String address = l + at + d;
                    return new Planted("email", prefix + address, address);
                });
    }

    static Arbitrary<Planted> cards() {
        Arbitrary<String> numbers = Combinators.combine(
                Arbitraries.integers().between(1, 9),
                Arbitraries.strings().numeric().ofMinLength(11).ofMaxLength(17))
                .as((first, rest) -> withLuhnDigit(first + rest));
        return Combinators.combine(numbers, Arbitraries.of("", " ", "-"),
                Arbitraries.integers().between(3, 8).list().ofMinSize(6).ofMaxSize(6))
                .as((digits, sep, sizes) -> {
                    String card = sep.isEmpty() ? digits : group(digits, sep, sizes);
                    return new Planted("card", card, card);
                });
    }

    /** Splits into groups of the given sizes (3+), merging a short tail into the last group. */
    private static String group(String digits, String sep, List<Integer> sizes) {
        List<String> groups = new ArrayList<>();
        int pos = 0;
        for (int size : sizes) {
            if (pos >= digits.length()) {
                break;
            }
            int end = Math.min(digits.length(), pos + size);
            if (digits.length() - end < 3) {
                end = digits.length();
            }
            groups.add(digits.substring(pos, end));
            pos = end;
        }
        if (pos < digits.length()) {
            groups.add(digits.substring(pos));
        }
        return String.join(sep, groups);
    }

    static String withLuhnDigit(String payload) {
        for (int d = 0; d <= 9; d++) {
            String candidate = payload + d;
            if (luhn(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("no Luhn digit for " + payload);
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

    static Arbitrary<Planted> ibans() {
        Arbitrary<String> country = chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 2, 2);
        Arbitrary<String> bban = Arbitraries.oneOf(
                Arbitraries.strings().numeric().ofMinLength(11).ofMaxLength(30),
                chars(UPPER_DIGITS, 11, 30));
        return Combinators.combine(country, bban, Arbitraries.of(true, false)).as((cc, b, grouped) -> {
            String iban = cc + checkDigits(cc, b) + b;
            if (grouped) {
                StringBuilder g = new StringBuilder();
                for (int i = 0; i < iban.length(); i += 4) {
                    if (i > 0) {
                        g.append(' ');
                    }
                    g.append(iban, i, Math.min(iban.length(), i + 4));
                }
                iban = g.toString();
            }
            return new Planted("iban", iban, iban);
        });
    }

    static String checkDigits(String country, String bban) {
        StringBuilder numeric = new StringBuilder();
        for (char c : (bban + country + "00").toCharArray()) {
            numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        int check = 98 - new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue();
        return String.format("%02d", check);
    }

    static Arbitrary<Planted> jwts() {
        Arbitrary<String> header = Arbitraries.of("HS256", "RS256", "ES384", "none")
                .map(alg -> "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}");
        Arbitrary<String> payload = Combinators.combine(chars(LOWER_DIGITS, 1, 20),
                Arbitraries.longs().between(1_500_000_000L, 1_900_000_000L))
                .as((sub, iat) -> "{\"sub\":\"" + sub + "\",\"iat\":" + iat + "}");
        Arbitrary<String> signature = chars(TOKEN_CHARS.replace(".", "").replace("~", "").replace("+", "")
                .replace("/", "") + "_", 0, 86);
        return Combinators.combine(header, payload, signature).as((h, p, s) -> {
            String jwt = b64(h) + "." + b64(p) + "." + s;
            return new Planted("jwt", jwt, jwt);
        });
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static Arbitrary<Planted> bearers() {
        Arbitrary<String> token = Combinators.combine(chars(TOKEN_CHARS, 7, 60),
                Arbitraries.integers().between(0, 9), Arbitraries.strings().withChars("=").ofMaxLength(2))
                .as((t, digit, padding) -> t.substring(0, t.length() / 2) + digit + t.substring(t.length() / 2)
                        + padding);
        return Combinators.combine(Arbitraries.of("Bearer ", "bearer ", "BEARER ", "Authorization: Bearer ",
                "Bearer  ", "Bearer\t"), token).as((prefix, t) -> new Planted("bearer", prefix + t, t));
    }

    static Arbitrary<Planted> phones() {
        return Arbitraries.oneOf(internationalPhones(), northAmericanPhones(), trunkPhones());
    }

    private static Arbitrary<Planted> internationalPhones() {
        return Combinators.combine(
                Arbitraries.integers().between(1, 999),
                Arbitraries.integers().between(9, 15),
                Arbitraries.strings().numeric().ofLength(15),
                Arbitraries.of("", " ", "-", ".", " "),
                Arbitraries.integers().between(1, 5).list().ofSize(8))
                .as((cc, total, digits, sep, sizes) -> {
                    String code = String.valueOf(cc);
                    String rest = digits.substring(0, Math.max(1, total - code.length()));
                    StringBuilder phone = new StringBuilder("+").append(code);
                    int pos = 0;
                    for (int size : sizes) {
                        if (pos >= rest.length()) {
                            break;
                        }
                        int end = Math.min(rest.length(), pos + size);
                        phone.append(sep).append(rest, pos, end);
                        pos = end;
                    }
                    if (pos < rest.length()) {
                        phone.append(sep).append(rest.substring(pos));
                    }
                    return new Planted("phone", phone.toString(), phone.toString());
                });
    }

    private static Arbitrary<Planted> northAmericanPhones() {
        return Combinators.combine(
                Arbitraries.strings().numeric().ofLength(10),
                Arbitraries.of("%s-%s-%s", "%s.%s.%s", "%s %s %s", "(%s) %s-%s", "(%s)%s-%s", "1-%s-%s-%s",
                        "1 (%s) %s-%s"))
                .as((d, format) -> {
                    String phone = String.format(format, d.substring(0, 3), d.substring(3, 6), d.substring(6));
                    return new Planted("phone", phone, phone);
                });
    }

    private static Arbitrary<Planted> trunkPhones() {
        return Combinators.combine(
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(4),
                Arbitraries.of(" ", "-", "/", "."),
                Arbitraries.of(" ", "-", "."),
                Arbitraries.integers().between(2, 8).list().ofMinSize(1).ofMaxSize(4),
                Arbitraries.strings().numeric().ofLength(13),
                Arbitraries.of(true, false))
                .as((area, first, sep, sizes, digits, parens) -> {
                    String prefix = "0" + area;
                    StringBuilder phone = new StringBuilder(parens ? "(" + prefix + ") " : prefix + first);
                    int count = prefix.length();
                    int pos = 0;
                    for (int k = 0; k < sizes.size() && count + sizes.get(k) <= 13; k++) {
                        if (k > 0) {
                            phone.append(sep);
                        }
                        phone.append(digits, pos, pos + sizes.get(k));
                        pos += sizes.get(k);
                        count += sizes.get(k);
                    }
                    // top up to at least 9 digits in one more group
                    if (count < 9) {
                        int need = Math.max(2, 9 - count);
                        if (pos > 0) {
                            phone.append(sep);
                        }
                        phone.append(digits, pos, pos + need);
                    }
                    return new Planted("phone", phone.toString(), phone.toString());
                });
    }

    /** Words, numbers and punctuation as they appear in pages, none of which any builtin takes for a secret. */
    static Arbitrary<String> ordinaryTokens() {
        Arbitrary<String> words = Arbitraries.of("the", "and", "order", "shipped", "Preis", "Größe", "naïve", "café",
                "東京", "Москва", "سلام", "emoji", "🎉", "👍🏽", "résumé", "Add", "to", "cart", "Total", "page", "of",
                "results", "key", "token", "IBAN", "card", "phone", "mail", "DE", "GB", "eyes", "e-mail", "@home",
                "x@y", "rock'n'roll", "ID", "v2", "A4", "MP3", "H264");
        Arbitrary<String> numbers = Arbitraries.integers().between(0, 9999).map(String::valueOf)
                .flatMap(n -> Arbitraries.of("%", "kg", "px", "€", "ms", ",", ".", "x", "°C", ")", "!")
                        .map(unit -> n + unit));
        Arbitrary<String> numberish = Arbitraries.of("$1,299.00", "€49.99", "2024-11-23", "23.11.2024", "10:15:30",
                "v1.2.3", "1.2.3", "#1234", "x1000", "192.168.1.10", "3.14159", "-42", "1/2", "50/50", "12:00–14:00",
                "ORD-2024-000123", "550e8400-e29b-41d4-a716-446655440000", "d41d8cd98f00b204e9800998ecf8427e");
        Arbitrary<String> punctuation = Arbitraries.of(",", ".", "—", "(", ")", "!", "?", "…", "\n", ":", ";", "\"",
                "'", "«", "»", "/", "&", "=", "*");
        return Arbitraries.frequencyOf(weighted(6, words), weighted(3, numbers), weighted(2, numberish),
                weighted(2, punctuation));
    }

    private static Tuple2<Integer, Arbitrary<? extends String>> weighted(int weight, Arbitrary<String> arbitrary) {
        return Tuple.of(weight, arbitrary);
    }

    static Arbitrary<String> chars(String alphabet, int min, int max) {
        return Arbitraries.strings().withChars(alphabet).ofMinLength(min).ofMaxLength(max);
    }
}
