package dev.replaymesh.capture.service;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** Counters of what capture accepted and refused, by transport and reason. */
@ApplicationScoped
public class CaptureMetrics {

    private final MeterRegistry registry;

    public CaptureMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void accepted(String transport, int events, long bytes) {
        registry.counter("replay.capture.events.accepted", "transport", transport).increment(events);
        registry.counter("replay.capture.bytes.accepted", "transport", transport).increment(bytes);
    }

    /** A refused request or batch; {@code events} is 0 when the body could not be split into events. */
    public void refused(String transport, Refusal reason, int events, long bytes) {
        registry.counter("replay.capture.requests.refused", "transport", transport, "reason", reason.tag()).increment();
        registry.counter("replay.capture.events.refused", "transport", transport, "reason", reason.tag()).increment(events);
        registry.counter("replay.capture.bytes.refused", "transport", transport, "reason", reason.tag()).increment(bytes);
    }
}
