package dev.replaymesh.playback.metrics;

import dev.replaymesh.playback.stream.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;

/** Meters of the playback service ({@code replay_playback_*}). */
@ApplicationScoped
public class PlaybackMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger activeStreams = new AtomicInteger();
    private final Counter flowPauses;

    public PlaybackMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("replay.playback.streams.active", activeStreams);
        this.flowPauses = Counter.builder("replay.playback.stream.flow.pauses")
                .description("Times a stream waited for a slow client to take more").register(registry);
    }

    public void streamStarted() {
        activeStreams.incrementAndGet();
    }

    public void streamEnded() {
        activeStreams.decrementAndGet();
    }

    public void events(String transport, int count) {
        registry.counter("replay.playback.events", "transport", transport).increment(count);
    }

    public void flowPaused() {
        flowPauses.increment();
    }

    /** A read that ended with a problem; DATA_LOSS is the one to alert on. */
    public void failed(String transport, Problem problem) {
        registry.counter("replay.playback.failures", "transport", transport, "problem", problem.tag()).increment();
    }
}
