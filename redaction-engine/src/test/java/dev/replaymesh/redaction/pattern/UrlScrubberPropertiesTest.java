package dev.replaymesh.redaction.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

class UrlScrubberPropertiesTest {

    private static final UrlScrubber URLS = UrlScrubber.withDefaults(PatternSet.builtins());
    private static final List<String> SENSITIVE = List.copyOf(UrlScrubber.DEFAULT_PARAMS);
    private static final List<String> OTHER =
            List.of("page", "q", "lang", "utm_source", "ref", "sort", "v", "id", "tokens", "mykey", "passage");

    record Param(String name, String value, boolean sensitive) {
    }

    /** A generated URL and the char ranges of the sensitive values in it. */
    record Url(String text, BitSet secret) {
        @Override
        public String toString() {
            return text;
        }
    }

    @Provide
    Arbitrary<Url> urls() {
        Arbitrary<String> base = Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of("https://", "http://", "//"),
                        Secrets.chars("abcdefghijklmnopqrstuvwxyz", 1, 10),
                        Arbitraries.of(".com", ".org", ".example", ".de:8080"))
                        .as((scheme, host, tld) -> scheme + host + tld),
                Arbitraries.of("", ".", ".."));
        Arbitrary<String> path = Secrets.chars("abcdefghijklmnopqrstuvwxyz0123456789-_", 1, 8).list().ofMaxSize(4)
                .map(segments -> segments.isEmpty() ? "/" : "/" + String.join("/", segments));
        Arbitrary<List<Param>> query = params().list().ofMaxSize(6);
        Arbitrary<List<Param>> fragment = params().list().ofMaxSize(4);
        return Combinators.combine(base, path, query, fragment, Arbitraries.of("#", "#/route?", "#x&"))
                .as(UrlScrubberPropertiesTest::build);
    }

    private static Arbitrary<Param> params() {
        Arbitrary<Param> sensitive = Combinators.combine(Arbitraries.of(SENSITIVE), Arbitraries.of(true, false),
                        Secrets.chars("ABCDEFabcdef0123456789._~-+/=%", 1, 24))
                .as((name, upper, value) -> new Param(upper ? name.toUpperCase(Locale.ROOT) : name, value, true));
        Arbitrary<Param> other = Combinators.combine(Arbitraries.of(OTHER),
                        Secrets.chars("abcdefghijklmnopqrstuvwxyz0123456789-_", 0, 8))
                .as((name, value) -> new Param(name, value, false));
        return Arbitraries.frequencyOf(Tuple.of(1, sensitive), Tuple.of(2, other));
    }

    private static Url build(String base, String path, List<Param> query, List<Param> fragment, String hash) {
        StringBuilder url = new StringBuilder(base).append(path);
        BitSet secret = new BitSet();
        appendParams(url, "?", query, secret);
        if (!fragment.isEmpty()) {
            appendParams(url, hash, fragment, secret);
        }
        return new Url(url.toString(), secret);
    }

    private static void appendParams(StringBuilder url, String lead, List<Param> params, BitSet secret) {
        if (params.isEmpty()) {
            return;
        }
        url.append(lead);
        for (int k = 0; k < params.size(); k++) {
            if (k > 0) {
                url.append('&');
            }
            Param p = params.get(k);
            url.append(p.name()).append('=');
            if (p.sensitive()) {
                secret.set(url.length(), url.length() + p.value().length());
            }
            url.append(p.value());
        }
    }

    @Property(tries = 500)
    void sensitiveValuesAreMaskedAndEverythingElseIsKept(@ForAll("urls") Url url) {
        String out = URLS.scrub(url.text()).text();

        assertThat(out).hasSameSizeAs(url.text());
        for (int i = 0; i < out.length(); i++) {
            if (url.secret().get(i)) {
                assertThat(out.charAt(i)).as("char %d of %s -> %s", i, url, out).isEqualTo('*');
            } else {
                assertThat(out.charAt(i)).as("char %d of %s -> %s", i, url, out).isEqualTo(url.text().charAt(i));
            }
        }
    }

    @Property(tries = 300)
    void urlsWithoutSensitiveParamsComeBackAsTheSameInstance(@ForAll("urls") Url url) {
        if (url.secret().isEmpty()) {
            assertThat(URLS.scrub(url.text()).text()).isSameAs(url.text());
        }
    }

    @Property(tries = 500)
    void anyStringIsScrubbedWithoutThrowing(@ForAll("junk") String junk) {
        Scrubbed scrubbed = URLS.scrub(junk);

        assertThat(scrubbed.text()).hasSameSizeAs(junk);
    }

    @Provide
    Arbitrary<String> junk() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("?&#=%:/@+;. aZ09[]\"'<>").ofMaxLength(60),
                Arbitraries.strings().all().ofMaxLength(40),
                Combinators.combine(Arbitraries.strings().withChars("?&#=%:/").ofMaxLength(10),
                        Arbitraries.of(SENSITIVE), Arbitraries.strings().withChars("?&#=%:/ab1").ofMaxLength(10))
                        .as((a, name, b) -> a + name + "=" + b));
    }
}
