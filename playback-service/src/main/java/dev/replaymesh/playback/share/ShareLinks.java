package dev.replaymesh.playback.share;

import dev.replaymesh.playback.config.PlaybackConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens that let whoever holds them read one session until they expire, with no account and no
 * key: {@code base64url(project \n sessionId \n expiresMs) . base64url(HMAC-SHA256)}. Nothing is
 * stored; every replica with the same secret accepts them.
 */
@ApplicationScoped
public class ShareLinks {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final Duration defaultTtl;
    private final Duration maxTtl;
    private final Clock clock;

    @Inject
    public ShareLinks(PlaybackConfig config) {
        this(config.share().secret(), config.share().defaultTtl(), config.share().maxTtl(), Clock.systemUTC());
    }

    ShareLinks(String secret, Duration defaultTtl, Duration maxTtl, Clock clock) {
        if (secret.length() < 16) {
            throw new IllegalArgumentException("replay.playback.share.secret must be at least 16 characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.defaultTtl = defaultTtl;
        this.maxTtl = maxTtl;
        this.clock = clock;
    }

    /** What a valid token lets its holder read. */
    public record Grant(String project, String sessionId, long expiresMs) {
    }

    /**
     * A token for one session.
     *
     * @param ttl how long it works; null: the default
     * @throws IllegalArgumentException if {@code ttl} is not positive or past the longest allowed
     */
    public Grant grant(String project, String sessionId, Duration ttl) {
        Duration t = ttl == null ? defaultTtl : ttl;
        if (t.isNegative() || t.isZero() || t.compareTo(maxTtl) > 0) {
            throw new IllegalArgumentException("a share link works for more than 0 and at most " + maxTtl);
        }
        return new Grant(project, sessionId, clock.millis() + t.toMillis());
    }

    public String token(Grant grant) {
        byte[] body = (grant.project() + "\n" + grant.sessionId() + "\n" + grant.expiresMs())
                .getBytes(StandardCharsets.UTF_8);
        return B64.encodeToString(body) + "." + B64.encodeToString(mac(body));
    }

    /** The grant of a token that is well formed, signed by this secret and not expired. */
    public Optional<Grant> verify(String token) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        try {
            byte[] body = B64D.decode(token.substring(0, Math.max(0, dot)));
            byte[] sig = B64D.decode(token.substring(dot + 1));
            if (dot < 0 || !MessageDigest.isEqual(sig, mac(body))) {
                return Optional.empty();
            }
            String[] parts = new String(body, StandardCharsets.UTF_8).split("\n", -1);
            Grant grant = new Grant(parts[0], parts[1], Long.parseLong(parts[2]));
            return grant.expiresMs() > clock.millis() ? Optional.of(grant) : Optional.empty();
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
