package dev.replaymesh.replayctl.posthog;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before asking PostHog again: what its {@code Retry-After} says, else doubling
 * from {@code first} up to {@code longest}, with jitter so that parallel migrations spread out.
 *
 * @param first    the first wait without a Retry-After
 * @param longest  the longest single wait
 * @param attempts how many times one request is tried in all
 */
public record Backoff(Duration first, Duration longest, int attempts) {

    public Backoff {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
    }

    /** The wait before try {@code attempt + 1} (attempt counts from 1) given the server's Retry-After seconds, or null. */
    Duration before(int attempt, String retryAfter) {
        if (retryAfter != null) {
            try {
                long seconds = Long.parseLong(retryAfter.trim());
                return Duration.ofSeconds(Math.max(0, seconds)).compareTo(longest) > 0 ? longest
                        : Duration.ofSeconds(Math.max(0, seconds));
            } catch (NumberFormatException e) {
                // an HTTP date: fall back to our own pace
            }
        }
        long base = first.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, longest.toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }
}
