package dev.replaymesh.redaction.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replaymesh.redaction.pattern.PatternRule.Kind;
import dev.replaymesh.redaction.pattern.PatternRule.Replacement;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PatternSetTest {

    private static final String JWT = BuiltinSamplesTest.JWT;

    /** Text nodes, attribute values, CSS and console lines as they show up in recordings. */
    static final List<String> ORDINARY = List.of(
            "Add to cart",
            "Free shipping on orders over $49.99 — ends 2024-12-01!",
            "Your order #A-10293 has shipped. Estimated delivery: Tue, 26 Nov 2024.",
            "Showing 1–24 of 1,284 results",
            "© 2024 Example Corp. All rights reserved.",
            "btn btn-primary col-md-6 css-1x2y3z4 sc-bdVaJa kQWnGr",
            "display:flex;margin:0 auto;max-width:1200px;transform:translate3d(0px, -12.5px, 0px)",
            "@media (min-width: 768px) { .nav { padding: 8px 16px } }",
            "url(/static/img/hero@2x.png) no-repeat",
            "/assets/app.3f9a7c2e1b4d5f60.js",
            "[HMR] connected at 10:42:17.532",
            "Warning: Each child in a list should have a unique \"key\" prop.",
            "TypeError: Cannot read properties of undefined (reading 'map') at e.render (main.js:2:10345)",
            "fetch /api/v2/products?page=3&sort=price_asc took 182ms",
            "Temperatur: 21,5 °C — Luftfeuchtigkeit 48 %",
            "Größe: 42 · Farbe: Dunkelblau · Artikelnummer 100234",
            "東京都渋谷区 · 営業時間 10:00〜20:00",
            "Prix : 1 299,00 € TTC",
            "Rated 4.8 out of 5 by 12,931 customers",
            "session started 1732358400000, sequence 1024, build 2.14.0+b1734",
            "UUID 123e4567-e89b-12d3-a456-426614174000 created",
            "sha1 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12",
            "Call us Mon–Fri 9:00–17:00",
            "matrix(1, 0, 0, 1, 1234.5678, 9876.54321)",
            "The bearer of this card agrees to the terms.",
            "Use @username to mention someone, or email support.",
            "v=spf1 include:_spf.example.com ~all",
            "<svg viewBox=\"0 0 1024 1024\"><path d=\"M512 64C264.6 64 64 264.6 64 512s200.6 448 448 448\"/></svg>",
            "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    @Test
    void ordinaryTextComesBackAsTheSameInstance() {
        PatternSet all = PatternSet.builtins();
        for (String text : ORDINARY) {
            Scrubbed scrubbed = all.scrub(text);
            assertThat(scrubbed.text()).as(text).isSameAs(text);
            assertThat(scrubbed.hits()).as(text).isEmpty();
            assertThat(scrubbed.changed()).isFalse();
        }
        String empty = new String("");
        assertThat(all.scrub(empty).text()).isSameAs(empty);
    }

    @Test
    void rulesRunInTheDocumentedOrder() {
        PatternRule a = PatternRule.custom("a", "a", Replacement.MASK);
        PatternRule b = PatternRule.custom("b", "b", Replacement.MASK);
        PatternSet set = new PatternSet(List.of(a, PatternRule.builtin(Kind.PHONE), PatternRule.builtin(Kind.EMAIL),
                b, PatternRule.builtin(Kind.CARD), PatternRule.builtin(Kind.IBAN), PatternRule.builtin(Kind.JWT),
                PatternRule.builtin(Kind.BEARER)));

        assertThat(set.rules()).extracting(PatternRule::id)
                .containsExactly("bearer", "jwt", "iban", "card", "email", "phone", "a", "b");
    }

    @Test
    void duplicateIdsAreRejected() {
        assertThatThrownBy(() -> PatternSet.of(PatternRule.builtin(Kind.EMAIL),
                PatternRule.custom("email", "x", Replacement.MASK)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("email");
    }

    @Test
    void aJwtInsideABearerHeaderCountsOnce() {
        String text = "Authorization: Bearer " + JWT;

        Scrubbed scrubbed = PatternSet.builtins().scrub(text);

        assertThat(scrubbed.text()).isEqualTo("Authorization: Bearer " + "*".repeat(JWT.length()));
        assertThat(scrubbed.hits()).containsExactly(new Hit("bearer", JWT.length()));
    }

    @Test
    void overlappingMatchesBecomeOneRegionNamedAfterTheLongest() {
        // "4111 1111 1111 1111" is a card; the custom rule covers "card 4111" and overlaps it
        PatternSet set = PatternSet.of(PatternRule.builtin(Kind.CARD, Replacement.TOKEN),
                PatternRule.custom("word", "card \\d{4}", Replacement.TOKEN));

        Scrubbed scrubbed = set.scrub("my card 4111 1111 1111 1111 ok");

        assertThat(scrubbed.text()).isEqualTo("my [redacted:card] ok");
        assertThat(scrubbed.hits()).containsExactly(new Hit("card", "card 4111 1111 1111 1111".length()));
    }

    @Test
    void equallyLongMatchesGoToTheRuleThatRunsFirst() {
        PatternSet set = PatternSet.of(PatternRule.custom("late", "\\d{16}", Replacement.TOKEN),
                PatternRule.builtin(Kind.CARD, Replacement.TOKEN));

        assertThat(set.scrub("x 4111111111111111 y").text()).isEqualTo("x [redacted:card] y");
    }

    @Test
    void tokenAndMaskMix() {
        PatternSet set = PatternSet.of(PatternRule.builtin(Kind.EMAIL, Replacement.TOKEN),
                PatternRule.builtin(Kind.CARD, Replacement.MASK));

        Scrubbed scrubbed = set.scrub("ann@example.com paid with 4111111111111111.");

        assertThat(scrubbed.text()).isEqualTo("[redacted:email] paid with ****************.");
        assertThat(scrubbed.hits()).containsExactly(new Hit("email", 15), new Hit("card", 16));
    }

    @Test
    void hitsComeInTextOrderOnePerRegion() {
        Scrubbed scrubbed = PatternSet.builtins()
                .scrub("+49 30 1234567, ann@example.com, DE89 3704 0044 0532 0130 00, bob@example.org");

        assertThat(scrubbed.hits()).extracting(Hit::ruleId).containsExactly("phone", "email", "iban", "email");
        assertThat(scrubbed.hits()).extracting(Hit::chars).containsExactly(14, 15, 27, 15);
    }

    @Test
    void maskingNeverUncoversAMatch() {
        // The phone is glued to the address's TLD, so at first it is refused; masking the address frees it.
        String text = "ann@example.com+4930123456789";

        Scrubbed scrubbed = PatternSet.builtins().scrub(text);

        assertThat(scrubbed.text()).isEqualTo("*".repeat(text.length()));
        assertThat(scrubbed.hits()).containsExactly(new Hit("email", 15), new Hit("phone", 14));
        assertThat(PatternSet.builtins().scrub(scrubbed.text()).hits()).isEmpty();
    }

    @Test
    void maskingNeverUncoversAMatchBehindACustomRule() {
        PatternSet set = PatternSet.of(PatternRule.custom("tag", "ID[A-Z]+", Replacement.MASK),
                PatternRule.builtin(Kind.CARD));

        Scrubbed scrubbed = set.scrub("IDXYZ4111111111111111 done");

        assertThat(scrubbed.text()).isEqualTo("*".repeat(21) + " done");
        assertThat(scrubbed.hits()).containsExactly(new Hit("tag", 5), new Hit("card", 16));
    }

    @Test
    void customRuleReplacesTheWholeMatch() {
        PatternSet set = PatternSet.of(PatternRule.custom("ssn", "\\b\\d{3}-\\d{2}-\\d{4}\\b", Replacement.MASK));

        assertThat(set.scrub("SSN 123-45-6789.").text()).isEqualTo("SSN ***********.");
    }

    @Test
    void customRuleWithOneGroupReplacesOnlyTheGroup() {
        PatternSet set = PatternSet.of(PatternRule.custom("cust", "customer=(\\w+)", Replacement.TOKEN));

        Scrubbed scrubbed = set.scrub("customer=ann42&x=1");

        assertThat(scrubbed.text()).isEqualTo("customer=[redacted:cust]&x=1");
        assertThat(scrubbed.hits()).containsExactly(new Hit("cust", 5));
    }

    @Test
    void customRuleWithTwoGroupsReplacesTheWholeMatch() {
        PatternSet set = PatternSet.of(PatternRule.custom("kv", "(user)=(\\w+)", Replacement.MASK));

        assertThat(set.scrub("user=ann;").text()).isEqualTo("********;");
    }

    @Test
    void customGroupThatDidNotTakePartReplacesTheWholeMatch() {
        PatternSet set = PatternSet.of(PatternRule.custom("opt", "pin(?:=(\\d+)|!)", Replacement.MASK));

        assertThat(set.scrub("pin=1234 and pin!").text()).isEqualTo("pin=**** and ****");
    }

    @Test
    void nonCapturingAndNamedGroups() {
        assertThat(PatternSet.of(PatternRule.custom("nc", "(?:ab)+c", Replacement.MASK)).scrub("xababc").text())
                .isEqualTo("x*****");
        assertThat(PatternSet.of(PatternRule.custom("ng", "k=(?<v>\\d+)", Replacement.MASK)).scrub("k=12").text())
                .isEqualTo("k=**");
    }

    @Test
    void emptyMatchesReplaceNothing() {
        String text = "nothing here";

        Scrubbed scrubbed = PatternSet.of(PatternRule.custom("empty", "x*", Replacement.TOKEN)).scrub(text);

        assertThat(scrubbed.text()).isSameAs(text);
    }

    @Test
    void runawayCustomRegexFailsClosed() {
        // about 40^12 ways to fail; the JDK's loop memoisation does not help here
        String text = "a".repeat(40) + "!";
        PatternSet set = PatternSet.of(PatternRule.custom("evil", "(.*a){12}x", Replacement.MASK));

        Scrubbed scrubbed = set.scrub(text);

        assertThat(scrubbed.text()).isEqualTo("*".repeat(text.length()));
        assertThat(scrubbed.hits()).containsExactly(new Hit("evil", text.length()));
        // the per-thread matcher is usable again afterwards
        assertThat(set.scrub("no match").hits()).isEmpty();
    }

    @Test
    void customRulesAreSafeAcrossThreads() {
        PatternSet set = PatternSet.of(PatternRule.custom("n", "n(\\d+)", Replacement.MASK),
                PatternRule.builtin(Kind.EMAIL));

        List<String> out = IntStream.range(0, 2_000).parallel()
                .mapToObj(i -> set.scrub("n" + i + " u" + i + "@example.com").text()).toList();

        for (int i = 0; i < out.size(); i++) {
            String digits = "*".repeat(String.valueOf(i).length());
            assertThat(out.get(i)).isEqualTo("n" + digits + " " + "*".repeat(("u" + i + "@example.com").length()));
        }
    }
}
