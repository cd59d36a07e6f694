package dev.replaymesh.storage.ingest;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter, for retrying the object store. */
final class Backoff {

    private final long initialMs;
    private final long maxMs;
    private long currentMs;

    Backoff(Duration initial, Duration max) {
        this.initialMs = initial.toMillis();
        this.maxMs = max.toMillis();
        this.currentMs = initialMs;
    }

    /** The next wait: doubles up to the maximum, with up to a fifth of jitter. */
    long next() {
        long wait = currentMs + ThreadLocalRandom.current().nextLong(currentMs / 5 + 1);
        currentMs = Math.min(maxMs, currentMs * 2);
        return Math.min(wait, maxMs);
    }

    void reset() {
        currentMs = initialMs;
    }
}
