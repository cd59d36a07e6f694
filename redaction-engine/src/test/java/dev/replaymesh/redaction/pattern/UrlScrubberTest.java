package dev.replaymesh.redaction.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** In the samples the text between « and » is what must be masked. */
class UrlScrubberTest {

    private static final UrlScrubber URLS = UrlScrubber.withDefaults(PatternSet.builtins());

    static Stream<Arguments> samples() {
        return Stream.of(
                s("https://example.com/cb?token=«abc123»&page=2"),
                s("https://example.com/cb?TOKEN=«abc123»&Access_Token=«x.y.z»#top"),
                s("https://example.com/cb?page=2#access_token=«ya29.a0AfH6»&token_type=bearer&expires_in=3599"),
                s("https://app.example.com/#/callback?code=«4/0AX4XfWh»&state=xyz"),
                s("/relative/path?session_id=«9f8e7d»&lang=en"),
                s("?apikey=«k-123»"),
                s("search?q=shoes&email=«ann%40example.com»"),
                s("https://example.com/?q=«ann@example.com»&x=1"),
                s("https://example.com/?q=«ann%40example.com»"),
                s("https://example.com/?to=«%2B4930123456789»"),
                s("https://example.com/users/«ann@example.com»/orders?page=1"),
                s("https://example.com/api;jsessionid=AB12?secret=«s3cr3t;more»&v=1"),
                s("https://example.com/a?redirect=/login?code=«abc»&v=1"),
                s("https://example.com/a?key=«»&x=1".replace("«»", "")),
                s("https://example.com/a?sig=«a+b/c==»&x=1"),
                s("https://example.com/a?access%5Ftoken=«abc»"),
                s("https://user:«hunter2»@example.com/private"),
                s("token=«abc»&password=«pw»"),
                s("ht!tp:/ /bad url?? &token=«xyz »&&=&#=#"),
                s("javascript:void(0)"),
                s("https://example.com/page?utm_source=news&utm_medium=email&id=42"),
                s("https://example.com/img@2x.png?v=3"),
                s("mailto:«ann@example.com»?subject=Hello"),
                s("tel:«+49-30-1234567»"),
                s("https://example.com/?auth=«Bearer%20eyJhbGciOi»"),
                s("https://example.com/?h=«Bearer%20eyJhbGciOi»&v=1"));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void masksExactlyTheMarkedText(String marked) {
        String url = marked.replace("«", "").replace("»", "");

        Scrubbed scrubbed = URLS.scrub(url);

        assertThat(scrubbed.text()).isEqualTo(BuiltinSamplesTest.expectedMask(marked));
        if (!marked.contains("«")) {
            assertThat(scrubbed.text()).isSameAs(url);
            assertThat(scrubbed.hits()).isEmpty();
        }
    }

    @Test
    void paramHitsAreNamedAfterTheParameter() {
        Scrubbed scrubbed = URLS.scrub("https://x.example/?Token=abc&q=1#session=zz");

        assertThat(scrubbed.hits()).containsExactly(new Hit("url-param:token", 3), new Hit("url-param:session", 2));
    }

    @Test
    void encodedValuesReportTheRuleThatMatched() {
        Scrubbed scrubbed = URLS.scrub("https://x.example/?q=ann%40example.com");

        assertThat(scrubbed.hits()).containsExactly(new Hit("email", "ann%40example.com".length()));
    }

    @Test
    void userInfoHit() {
        assertThat(URLS.scrub("ftp://me:pw@host/").hits()).containsExactly(new Hit(UrlScrubber.USERINFO_RULE, 2));
    }

    @Test
    void namesAreCaseInsensitiveAndConfigurable() {
        UrlScrubber custom = new UrlScrubber(Set.of("X-Ticket"), PatternSet.of());

        assertThat(custom.scrub("/a?x-ticket=123&token=abc").text()).isEqualTo("/a?x-ticket=***&token=abc");
        assertThat(custom.paramNames()).containsExactly("x-ticket");
    }

    @Test
    void noParamsNoPatterns() {
        UrlScrubber none = new UrlScrubber(Set.of(), PatternSet.of());
        String url = "https://x.example/?token=abc";

        assertThat(none.scrub(url).text()).isSameAs(url);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertThat(UrlScrubber.DEFAULT_PARAMS).containsExactlyInAnyOrder("token", "access_token", "refresh_token",
                "id_token", "code", "session", "sessionid", "session_id", "auth", "key", "api_key", "apikey",
                "password", "pass", "secret", "signature", "sig", "email");
    }

    @Test
    void brokenInputNeverThrows() {
        for (String url : new String[] {"", "?", "#", "=", "&", "?=", "#=&", "%", "%4", "%zz=1", "a=%E2%82",
                "?token=%", "://", "://@", "x://a:@b", "x://:@", "?token", "?&&&", "http://[::1", "\uD800?token=\uDC00",
                "?token=\uD83D\uDE00", "#?", "#?token=", "http://a?b#c?d=e&token"}) {
            assertThatCode(() -> URLS.scrub(url)).as(url).doesNotThrowAnyException();
            assertThat(URLS.scrub(url).text()).hasSameSizeAs(url);
        }
    }

    @Test
    void lenientDecoding() {
        assertThat(UrlScrubber.decode("a%41%zz%4+b", 0, 11, true)).isEqualTo("aA%zz%4 b");
        assertThat(UrlScrubber.decode("%E2%82%AC", 0, 9, false)).isEqualTo("€");
        assertThat(UrlScrubber.decode("%E2%82", 0, 6, false)).contains("\uFFFD");
    }

    private static Arguments s(String marked) {
        return Arguments.of(marked);
    }
}
