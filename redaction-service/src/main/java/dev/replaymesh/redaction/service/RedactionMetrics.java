package dev.replaymesh.redaction.service;

import dev.replaymesh.redaction.report.RuleCount;
import dev.replaymesh.redaction.report.SessionReport;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;

/** Events and bytes redacted, rule hits by rule, fail-closed decisions, and mirror size. */
@ApplicationScoped
public class RedactionMetrics {

    private final MeterRegistry registry;

    public RedactionMetrics(MeterRegistry registry, SessionMirrors mirrors) {
        this.registry = registry;
        Gauge.builder("replay.redaction.mirror.sessions", mirrors, SessionMirrors::sessions).register(registry);
        Gauge.builder("replay.redaction.mirror.nodes", mirrors, SessionMirrors::nodes).register(registry);
    }

    void batch(int events, long bytes, Collection<SessionReport> reports) {
        registry.counter("replay.redaction.events").increment(events);
        registry.counter("replay.redaction.bytes").increment(bytes);
        for (SessionReport report : reports) {
            registry.counter("replay.redaction.events.changed").increment(report.eventsChanged());
            registry.counter("replay.redaction.events.dropped").increment(report.eventsDropped());
            for (RuleCount count : report.counts()) {
                registry.counter("replay.redaction.rule.hits", "rule", count.rule(), "action", count.action())
                        .increment(count.events());
                if (count.action().equals("fail-closed")) {
                    registry.counter("replay.redaction.fail.closed").increment(count.events());
                }
            }
        }
    }
}
