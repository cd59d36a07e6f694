package dev.replaymesh.redaction.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replaymesh.redaction.pattern.PatternRule.Kind;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Positive and negative samples per builtin. In a positive sample the text between « and » is what must be masked;
 * the markers are removed before scrubbing.
 */
class BuiltinSamplesTest {

    static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
            + ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
            + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    static Stream<Arguments> positives() {
        return Stream.of(
                // EMAIL
                p(Kind.EMAIL, "Contact «john.doe@example.com» today"),
                p(Kind.EMAIL, "«jane+news@mail.example.co.uk»"),
                p(Kind.EMAIL, "<a href=\"mailto:«support@shop.example»?subject=Hi\">"),
                p(Kind.EMAIL, "Grüße an «jörg.müller@beispiel.de»!"),
                p(Kind.EMAIL, "user: «first_last-1@sub-domain.example.org»."),
                p(Kind.EMAIL, "(«a@b.co»)"),
                p(Kind.EMAIL, "?to=«ann%40example.com»&x=1"),
                p(Kind.EMAIL, "punycode «x@xn--bcher-kva.example» and IDN «x@bücher.de»"),
                p(Kind.EMAIL, "«a@b.com».. and «c@d.com»,«e@f.org»"),
                p(Kind.EMAIL, "path /users/«ann@example.com»/profile"),
                // CARD
                p(Kind.CARD, "card «4111111111111111» exp 12/27"),
                p(Kind.CARD, "«4111 1111 1111 1111»"),
                p(Kind.CARD, "«5500-0000-0000-0004»."),
                p(Kind.CARD, "Amex «3782 822463 10005»"),
                p(Kind.CARD, "13 digits «4222222222222»"),
                p(Kind.CARD, "19 digits «4000000000000000006»"),
                p(Kind.CARD, "order 12 «4111 1111 1111 1111» qty 3"),
                p(Kind.CARD, "two «4111 1111 1111 1111» «6011 1111 1111 1117»"),
                p(Kind.CARD, "\"card\":\"«6011111111111117»\""),
                p(Kind.CARD, "ts «1732358400007» is Luhn-valid, so it goes (fail closed)"),
                p(Kind.CARD, "data:image/png;base64,iVBORw0KGgo/«4111111111111111»+AAAA"),
                // PHONE
                p(Kind.PHONE, "Call «+49 30 1234567» now"),
                p(Kind.PHONE, "«+1 (555) 123-4567»"),
                p(Kind.PHONE, "«+44 (0) 20 7946 0958»"),
                p(Kind.PHONE, "«+33 6 12 34 56 78»"),
                p(Kind.PHONE, "«+4930123456789»"),
                p(Kind.PHONE, "tel:«+49-30-1234567»"),
                p(Kind.PHONE, "«+49.30.1234567»"),
                p(Kind.PHONE, "?phone=«+4915112345678»"),
                p(Kind.PHONE, "(«+49) 30 1234567»"),
                p(Kind.PHONE, "«(555) 123-4567»"),
                p(Kind.PHONE, "«(555)123-4567»"),
                p(Kind.PHONE, "«555-123-4567»"),
                p(Kind.PHONE, "«555.123.4567»"),
                p(Kind.PHONE, "«555 123 4567»"),
                p(Kind.PHONE, "«1-800-555-1234»"),
                p(Kind.PHONE, "«1 (800) 555-1234»"),
                p(Kind.PHONE, "(«555-123-4567»)"),
                p(Kind.PHONE, "year 2024 «555 123 4567»"),
                p(Kind.PHONE, "«030 1234 5678»"),
                p(Kind.PHONE, "«(030) 1234 5678»"),
                p(Kind.PHONE, "«030/12345678»"),
                p(Kind.PHONE, "«0171 1234567»"),
                p(Kind.PHONE, "«06 12 34 56 78»"),
                p(Kind.PHONE, "«06.12.34.56.78»"),
                p(Kind.PHONE, "«020 7946 0958»"),
                p(Kind.PHONE, "«030 1234-5678»"),
                p(Kind.PHONE, "tel:«030 1234 5678»"),
                p(Kind.PHONE, "name,«030 1234 5678»,x"),
                p(Kind.PHONE, "Nr.«030 1234 5678»"),
                p(Kind.PHONE, "Tel.«+49 30 1234567»"),
                // IBAN
                p(Kind.IBAN, "IBAN: «DE89370400440532013000»"),
                p(Kind.IBAN, "«DE89 3704 0044 0532 0130 00»."),
                p(Kind.IBAN, "«GB82 WEST 1234 5698 7654 32» EUR"),
                p(Kind.IBAN, "«FR1420041010050500013M02606»"),
                p(Kind.IBAN, "«NO9386011117947»"),
                p(Kind.IBAN, "«MT84MALT011000012345MTLCAST001S»"),
                p(Kind.IBAN, "«BE68 5390 0754 7034» 2024"),
                // JWT
                p(Kind.JWT, "token=«" + JWT + "»&x=1"),
                p(Kind.JWT, "{\"id_token\":\"«" + JWT + "»\"}"),
                p(Kind.JWT, "unsigned «eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.»"),
                p(Kind.JWT, "jwe «eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..5cJx9nvLhQhdHD2x.q1ndyq5b"
                        + ".bU1Ac8XLJRfsLRsSvX5Q»"),
                // BEARER
                p(Kind.BEARER, "Authorization: Bearer «abcDEF123456»"),
                p(Kind.BEARER, "authorization: bearer «" + JWT + "»"),
                p(Kind.BEARER, "BEARER «0123456789abcdef»"),
                p(Kind.BEARER, "Bearer\t«dGhpcyBpcyBhIHRva2Vu+/==»"),
                p(Kind.BEARER, "?auth=Bearer%20«ya29.a0AfH6SMB»"),
                p(Kind.BEARER, "Bearer «YOUR_ACCESS_TOKEN»"),
                p(Kind.BEARER, "Bearer «abcdefghIJKLmnop»"));
    }

    static Stream<Arguments> negatives() {
        return Stream.of(
                n("Total: $1,299.00 incl. VAT"),
                n("Released 2024-11-23, updated 2024-11-24 2024-11-25"),
                n("2024-11-23 10:15:30.123"),
                n("2024-11-23T10:15:30+01:00"),
                n("Am 23.11.2024 um 14:00 Uhr"),
                n("01.02.2024 12:00"),
                n("01/02/2024"),
                n("at 10:15:30 and 23:59"),
                n("12:00–14:00 2024-11-23"),
                n("version 1.2.3, v10.15.7, 2.0.0-rc.1"),
                n("IP 192.168.100.200 and 10.0.0.1"),
                n("UUID 550e8400-e29b-41d4-a716-446655440000"),
                n("550e8400-e29b-41d4-a716-446655440000 159% and 123e4567-e89b-12d3-a456-426614174000 0"),
                n("sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
                n("md5 d41d8cd98f00b204e9800998ecf8427e"),
                n("hash a3f41111111111111111bc"),
                n("order 4111111111111112 (Luhn fails)"),
                n("id 1234567890123456"),
                n("25 digits 1234567890123456789012345 and 4111111111111111111111111"),
                n("ts 1732358400000 and 1700000000000"),
                n("zero padded 0000000000000000"),
                n("codes ORD-2024-000123 255 and ORD-2024-000123-2550 and 2024-000123 255"),
                n("pi 3.14159265358979323846 and 0.4111111111111111 and 4111111111111111.5"),
                n("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
                        + "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg4111111111111111A/1234567890123456/q+4930123456789Z=="),
                n("ids 123456789 and 5551234567 and 0301234567890"),
                n("room 12 floor 3 page 1 of 10"),
                n("1 234 567 and 12 345 678 and 1,234,567,890"),
                n("+1 more, +15 points, 3+4=7, a+4930123456789"),
                n("Call 911 or 112"),
                n("font@2x.png icon@3x.webp"),
                n("@media (max-width: 600px) { @import url(x.css) }"),
                n("user@localhost and a@b and @mention and foo@bar"),
                n("npm i lodash@4.17.21 @babel/core@7.22.0"),
                n("the bearer of good news; bearer bonds; Bearer Authentication; BEARER INSTRUMENTS"),
                n("Bearer token and Bearer <token> and Bearer ${TOKEN}"),
                n("eyJ alone, eyJhbGciOiJIUzI1NiJ9 without dots, eyJabc.def"),
                n("Ref NL12 and GB82 WEST and DE89370400440532013001 (bad check)"),
                n("de89370400440532013000 in lower case"),
                n("ABCD1234 CSS1 H264 MP3 A4"),
                n("Grüße aus Köln — naïve café, 東京 2024, emoji 🎉 x1000"),
                n("Array(12345678) and Math.random() = 0.8364728191827364"),
                n("phone-ish 555-123-45678 and 555-1234-567 and 5551-123-4567"),
                n("semver 555.123.4567.1"),
                n("0 800 123 and 00 11 22 33"),
                n(""));
    }

    @ParameterizedTest
    @MethodSource("positives")
    void masksExactlyTheMarkedText(Kind kind, String marked) {
        String input = marked.replace("«", "").replace("»", "");
        String expected = expectedMask(marked);

        Scrubbed scrubbed = PatternSet.of(PatternRule.builtin(kind)).scrub(input);

        assertThat(scrubbed.text()).isEqualTo(expected);
        assertThat(scrubbed.hits()).isNotEmpty()
                .allSatisfy(hit -> assertThat(hit.ruleId()).isEqualTo(PatternRule.builtin(kind).id()));
        assertThat((long) scrubbed.charsReplaced()).isEqualTo(countMasked(marked));
        // the other detectors may add to it, but never bring anything back
        Scrubbed all = PatternSet.builtins().scrub(input);
        for (int i = 0; i < expected.length(); i++) {
            if (expected.charAt(i) == '*') {
                assertThat(all.text().charAt(i)).as("char %d of %s", i, input).isEqualTo('*');
            }
        }
    }

    @ParameterizedTest
    @MethodSource("negatives")
    void leavesOrdinaryTextAlone(String text) {
        Scrubbed scrubbed = PatternSet.builtins().scrub(text);

        assertThat(scrubbed.hits()).isEmpty();
        assertThat(scrubbed.text()).isSameAs(text);
    }

    private static Arguments p(Kind kind, String marked) {
        return Arguments.of(kind, marked);
    }

    private static Arguments n(String text) {
        return Arguments.of(text);
    }

    static String expectedMask(String marked) {
        StringBuilder out = new StringBuilder();
        boolean inside = false;
        for (int i = 0; i < marked.length(); i++) {
            char c = marked.charAt(i);
            if (c == '«') {
                inside = true;
            } else if (c == '»') {
                inside = false;
            } else {
                out.append(inside ? '*' : c);
            }
        }
        return out.toString();
    }

    private static long countMasked(String marked) {
        return expectedMask(marked).chars().filter(c -> c == '*').count();
    }
}
