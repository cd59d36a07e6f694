package dev.replaymesh.redaction.service;

import com.google.protobuf.UnsafeByteOperations;
import dev.replaymesh.format.Crc32c;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.redaction.engine.EventRedactor;
import dev.replaymesh.redaction.mirror.SessionMirror;
import dev.replaymesh.redaction.report.SessionReport;
import dev.replaymesh.redaction.rules.RuleSet;
import dev.replaymesh.redaction.rules.RulesHolder;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Redacts a batch of captured events with one rule set, session by session, in order. */
@ApplicationScoped
public class BatchRedactor {

    private final RulesHolder rules;
    private final SessionMirrors mirrors;
    private final RedactionMetrics metrics;
    private final EventRedactor redactor = new EventRedactor();

    public BatchRedactor(RulesHolder rules, SessionMirrors mirrors, RedactionMetrics metrics) {
        this.rules = rules;
        this.mirrors = mirrors;
        this.metrics = metrics;
    }

    /**
     * @param events  captured events in log order
     * @param offsets their offsets in replay.capture.v1, same order
     */
    public RedactedBatch redact(List<Event> events, long[] offsets) {
        RuleSet ruleSet = rules.current();
        List<Event> out = new ArrayList<>(events.size());
        Map<String, SessionReport> reports = new LinkedHashMap<>();
        Map<String, SessionMirror> touched = new LinkedHashMap<>();
        long bytesIn = 0;
        for (int i = 0; i < events.size(); i++) {
            Event in = events.get(i);
            String session = in.getSessionId();
            SessionMirror mirror = touched.computeIfAbsent(session, mirrors::of);
            SessionReport report = reports.computeIfAbsent(session, s -> new SessionReport());
            byte[] payload = in.getPayload().toByteArray();
            bytesIn += payload.length;
            byte[] redacted = redactor.redact(ruleSet, mirror, report, in.getProject(), payload, offsets[i]);
            if (redacted == null) {
                continue;
            }
            Event.Builder event = in.toBuilder().setRedactedWith(ruleSet.id()).setCaptureOffset(offsets[i]);
            if (redacted != payload) {
                event.setPayload(UnsafeByteOperations.unsafeWrap(redacted)).setPayloadCrc32C(Crc32c.of(redacted));
            }
            out.add(event.build());
        }
        touched.forEach(mirrors::update);
        metrics.batch(events.size(), bytesIn, reports.values());
        return new RedactedBatch(out, reports, ruleSet.id());
    }
}
