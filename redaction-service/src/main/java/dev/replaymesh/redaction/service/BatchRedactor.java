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

/**
 * Redacts a batch of captured events with one rule set, session by session, in order. A batch is
 * redacted through a {@link Run}, part after part, so that the caller can pass on each part's
 * events while the next part is redacted.
 */
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

    /** Starts a batch with the rule set in force now; one thread redacts it, start to finish. */
    public Run start() {
        return new Run(rules.current());
    }

    /** One batch being redacted. */
    public final class Run {
        private final RuleSet ruleSet;
        private final List<Event> out = new ArrayList<>();
        private final Map<String, SessionReport> reports = new LinkedHashMap<>();
        private final Map<String, SessionMirror> touched = new LinkedHashMap<>();
        private long eventsIn;
        private long bytesIn;

        private Run(RuleSet ruleSet) {
            this.ruleSet = ruleSet;
        }

        /**
         * Redacts {@code events[from, to)}; call it for consecutive ranges of the batch, in order.
         *
         * @param events  the batch's captured events in log order
         * @param offsets their offsets in the capture topic, same order
         * @return the redacted events of that range in order (dropped events left out)
         */
        public List<Event> redact(List<Event> events, long[] offsets, int from, int to) {
            List<Event> part = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                Event in = events.get(i);
                String session = in.getSessionId();
                SessionMirror mirror = touched.computeIfAbsent(session, mirrors::of);
                SessionReport report = reports.computeIfAbsent(session, s -> new SessionReport());
                byte[] payload = in.getPayload().toByteArray();
                bytesIn += payload.length;
                eventsIn++;
                byte[] redacted = redactor.redact(ruleSet, mirror, report, in.getProject(), payload, offsets[i]);
                if (redacted == null) {
                    continue;
                }
                Event.Builder event = in.toBuilder().setRedactedWith(ruleSet.id()).setCaptureOffset(offsets[i]);
                if (redacted != payload) {
                    event.setPayload(UnsafeByteOperations.unsafeWrap(redacted)).setPayloadCrc32C(Crc32c.of(redacted));
                }
                part.add(event.build());
            }
            out.addAll(part);
            return part;
        }

        /** Ends the batch: the mirrors are put back and the metrics counted. */
        public RedactedBatch finish() {
            touched.forEach(mirrors::update);
            metrics.batch((int) eventsIn, bytesIn, reports.values());
            return new RedactedBatch(out, reports, ruleSet.id());
        }
    }
}
