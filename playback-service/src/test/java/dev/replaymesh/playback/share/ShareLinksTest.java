package dev.replaymesh.playback.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ShareLinksTest {

    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    final ShareLinks links = new ShareLinks("a-secret-of-enough-length", Duration.ofHours(24), Duration.ofDays(30), NOW);

    @Test
    void aTokenGrantsItsSessionUntilItExpires() {
        String token = links.token(links.grant("demo", "s1", Duration.ofHours(2)));
        assertThat(links.verify(token)).hasValueSatisfying(g -> {
            assertThat(g.project()).isEqualTo("demo");
            assertThat(g.sessionId()).isEqualTo("s1");
            assertThat(g.expiresMs()).isEqualTo(NOW.millis() + Duration.ofHours(2).toMillis());
        });
        ShareLinks later = new ShareLinks("a-secret-of-enough-length", Duration.ofHours(24), Duration.ofDays(30),
                Clock.offset(NOW, Duration.ofHours(2)));
        assertThat(later.verify(token)).isEmpty();
    }

    @Test
    void forgedChangedOrForeignTokensAreWorthNothing() {
        String token = links.token(links.grant("demo", "s1", null));
        String other = new ShareLinks("another-secret-of-length", Duration.ofHours(24), Duration.ofDays(30), NOW)
                .token(new ShareLinks.Grant("demo", "s1", NOW.millis() + 1000));
        assertThat(links.verify(other)).isEmpty();
        String body = token.substring(0, token.indexOf('.'));
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("demo\ns2\n" + (NOW.millis() + 1000)).getBytes()) + token.substring(token.indexOf('.'));
        assertThat(links.verify(forged)).isEmpty();
        assertThat(links.verify(body)).isEmpty();
        assertThat(links.verify("")).isEmpty();
        assertThat(links.verify("!!.??")).isEmpty();
        assertThat(links.verify(null)).isEmpty();
    }

    @Test
    void lifetimesAreBounded() {
        assertThatThrownBy(() -> links.grant("demo", "s1", Duration.ofDays(31))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> links.grant("demo", "s1", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ShareLinks("short", Duration.ofHours(1), Duration.ofDays(1), NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
