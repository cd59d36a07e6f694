package dev.replaymesh.redaction.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replaymesh.format.FrameCodec;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.redaction.config.RedactionConfig;
import dev.replaymesh.redaction.report.ReportRecord;
import dev.replaymesh.redaction.report.SessionReport;
import dev.replaymesh.redaction.service.BatchRedactor;
import dev.replaymesh.redaction.service.RedactedBatch;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.transactions.KafkaTransactions;
import io.smallrye.reactive.messaging.kafka.transactions.TransactionalEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * replay.capture.v1 → replay.redacted.v1 + replay.redaction-reports.v1 (topics from
 * {@code replay.redaction.topics.*}), exactly once: each batch's
 * redacted events, its reports and the consumed offsets are committed in one Kafka transaction,
 * so a crash at any point either publishes all of a batch or none of it, and nothing twice.
 */
@ApplicationScoped
public class RedactionPipeline {

    /** Incoming channel bound to replay.capture.v1 (batches, read_committed). */
    public static final String IN = "capture-in";
    /** Transactional outgoing channel; records name their own topic. */
    public static final String OUT = "redacted-out";

    private final BatchRedactor redactor;
    private final KafkaTransactions<byte[]> transactions;
    private final String redactedTopic;
    private final String reportsTopic;
    private final FrameCodec frames = new FrameCodec();
    private final ObjectMapper json = new ObjectMapper();

    public RedactionPipeline(BatchRedactor redactor, @Channel(OUT) KafkaTransactions<byte[]> transactions,
            RedactionConfig config) {
        this.redactor = redactor;
        this.transactions = transactions;
        this.redactedTopic = config.topics().redacted();
        this.reportsTopic = config.topics().reports();
    }

    @Incoming(IN)
    public Uni<Void> redact(KafkaRecordBatch<String, Event> batch) {
        List<Event> events = new ArrayList<>(batch.getRecords().size());
        long[] offsets = new long[batch.getRecords().size()];
        Map<String, long[]> ranges = new HashMap<>();
        Map<String, String> projects = new HashMap<>();
        int i = 0;
        for (KafkaRecord<String, Event> record : batch) {
            events.add(record.getPayload());
            offsets[i] = record.getMetadata(IncomingKafkaRecordMetadata.class)
                    .map(IncomingKafkaRecordMetadata::getOffset).orElse(-1L);
            String session = record.getPayload().getSessionId();
            projects.putIfAbsent(session, record.getPayload().getProject());
            long[] range = ranges.computeIfAbsent(session, s -> new long[] {Long.MAX_VALUE, -1});
            range[0] = Math.min(range[0], offsets[i]);
            range[1] = Math.max(range[1], offsets[i]);
            i++;
        }
        RedactedBatch result = redactor.redact(events, offsets);
        return transactions.withTransactionAndAck(batch, emitter -> {
            for (Event event : result.events()) {
                send(emitter, redactedTopic, event.getSessionId(), frames.encode(event));
            }
            for (Map.Entry<String, SessionReport> entry : result.reports().entrySet()) {
                String session = entry.getKey();
                long[] range = ranges.get(session);
                send(emitter, reportsTopic, session,
                        report(projects.get(session), session, result.ruleSet(), range, entry.getValue()));
            }
            return Uni.createFrom().voidItem();
        });
    }

    private static void send(TransactionalEmitter<byte[]> emitter, String topic, String key, byte[] value) {
        emitter.send(Message.of(value).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withTopic(topic).withKey(key).build()));
    }

    private byte[] report(String project, String session, String ruleSet, long[] range, SessionReport report) {
        ReportRecord record = new ReportRecord(ReportRecord.VERSION, project, session, ruleSet, range[0], range[1],
                report.eventsSeen(), report.eventsChanged(), report.eventsDropped(), report.counts());
        try {
            return json.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report could not be written", e);
        }
    }
}
