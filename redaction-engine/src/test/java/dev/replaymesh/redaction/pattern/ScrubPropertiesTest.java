package dev.replaymesh.redaction.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replaymesh.redaction.pattern.PatternRule.Replacement;
import dev.replaymesh.redaction.pattern.Secrets.Planted;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ScrubPropertiesTest {

    private static final PatternSet MASKING = PatternSet.builtins();
    private static final PatternSet TOKENS = PatternSet.builtins(Replacement.TOKEN);

    /** A document and where its planted values ended up. */
    record Doc(String text, List<Planted> planted, List<Integer> offsets) {
        @Override
        public String toString() {
            return text.replace("\n", "\\n") + "  planted " + planted;
        }
    }

    @Provide
    Arbitrary<Doc> documents() {
        return Combinators.combine(
                Secrets.ordinaryTokens().list().ofMaxSize(120),
                Secrets.any().list().ofMinSize(1).ofMaxSize(6),
                Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofSize(6),
                Arbitraries.of("", "", "", "()", "\"\"", "''", "<>", "[]", "{}", "=&", ":;", ",.").list().ofSize(6))
                .as(ScrubPropertiesTest::plant);
    }

    @Provide
    Arbitrary<String> ordinary() {
        return Secrets.ordinaryTokens().list().ofMaxSize(200).map(tokens -> String.join(" ", tokens));
    }

    private static Doc plant(List<String> words, List<Planted> secrets, List<Integer> places, List<String> wraps) {
        List<Object> parts = new ArrayList<>(words);
        for (int k = 0; k < secrets.size(); k++) {
            parts.add(places.get(k) % (parts.size() + 1), k);
        }
        StringBuilder text = new StringBuilder();
        List<Planted> planted = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        for (Object part : parts) {
            if (text.length() > 0) {
                text.append(' ');
            }
            if (part instanceof Integer k) {
                Planted p = secrets.get(k);
                String wrap = wraps.get(k);
                if (!wrap.isEmpty()) {
                    text.append(wrap.charAt(0));
                }
                planted.add(p);
                offsets.add(text.length() + p.secretOffset());
                text.append(p.text());
                if (!wrap.isEmpty()) {
                    text.append(wrap.charAt(1));
                }
            } else {
                text.append((String) part);
            }
        }
        return new Doc(text.toString(), planted, offsets);
    }

    @Property(tries = 600)
    void plantedSecretsAreFullyMasked(@ForAll("documents") Doc doc) {
        Scrubbed scrubbed = MASKING.scrub(doc.text());
        String out = scrubbed.text();

        assertThat(out).hasSameSizeAs(doc.text());
        for (int k = 0; k < doc.planted().size(); k++) {
            Planted p = doc.planted().get(k);
            int at = doc.offsets().get(k);
            assertThat(out.substring(at, at + p.secret().length())).as("%s in %s", p, out)
                    .matches("\\*+");
            assertThat(out).doesNotContain(p.secret());
        }
        assertThat(scrubbed.charsReplaced()).isEqualTo(countStars(out) - countStars(doc.text()));
        // nothing is left for any detector to find
        assertThat(MASKING.scrub(out).text()).isSameAs(out);
    }

    @Property(tries = 300)
    void plantedSecretsAreGoneUnderTokens(@ForAll("documents") Doc doc) {
        String out = TOKENS.scrub(doc.text()).text();

        for (Planted p : doc.planted()) {
            assertThat(out).as("%s", p).doesNotContain(p.secret());
        }
        assertThat(TOKENS.scrub(out).text()).isSameAs(out);
    }

    @Property(tries = 500)
    void ordinaryTextComesBackAsTheSameInstance(@ForAll("ordinary") String text) {
        Scrubbed scrubbed = MASKING.scrub(text);

        assertThat(scrubbed.text()).isSameAs(text);
        assertThat(scrubbed.hits()).isEmpty();
    }

    @Property(tries = 300)
    void eachPlantedKindIsFoundOnItsOwn(@ForAll("planted") Planted p) {
        PatternSet single = PatternSet.of(PatternRule.builtin(PatternRule.Kind.valueOf(p.kind().toUpperCase())));
        String text = "x " + p.text() + " y";

        String out = single.scrub(text).text();

        int at = 2 + p.secretOffset();
        assertThat(out.substring(at, at + p.secret().length())).as("%s -> %s", p, out).matches("\\*+");
    }

    @Provide
    Arbitrary<Planted> planted() {
        return Secrets.any();
    }

    private static int countStars(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '*') {
                n++;
            }
        }
        return n;
    }
}
