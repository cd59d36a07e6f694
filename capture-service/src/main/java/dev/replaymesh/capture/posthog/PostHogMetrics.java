package dev.replaymesh.capture.posthog;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What came in through the posthog-js surface, beyond capture's own accepted/refused counters:
 * posthog-js events by kind, and rrweb events dropped from an accepted request, by reason.
 */
@ApplicationScoped
public class PostHogMetrics {

    private final MeterRegistry registry;

    public PostHogMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A posthog-js event: {@code snapshot}, {@code pageview}, {@code autocapture}, {@code exception}, {@code other}. */
    void received(String kind) {
        registry.counter("replay.capture.posthog.events", "kind", kind).increment();
    }

    /** rrweb events left out: {@code undecodable}, {@code invalid}, {@code too_large}, or {@code no_session} (all of a $snapshot without a valid session id). */
    void dropped(String reason, int events) {
        registry.counter("replay.capture.posthog.dropped", "reason", reason).increment(events);
    }
}
