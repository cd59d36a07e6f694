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
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.transactions.KafkaTransactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

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
    /** Events redacted before their part is handed to the sending thread. */
    static final int PART = 64;

    private final BatchRedactor redactor;
    private final KafkaTransactions<byte[]> transactions;
    private final KafkaClientService clients;
    private volatile KafkaProducer<String, byte[]> producer;
    private final String redactedTopic;
    private final String reportsTopic;
    private final FrameCodec frames = new FrameCodec();
    private final ObjectMapper json = new ObjectMapper();

    /**
     * {@code transactions} begins, commits and aborts each batch's transaction on the channel's
     * producer and commits the consumed offsets in it; the records go straight to that producer.
     */
    public RedactionPipeline(BatchRedactor redactor, @Channel(OUT) KafkaTransactions<byte[]> transactions,
            KafkaClientService clients, RedactionConfig config) {
        this.redactor = redactor;
        this.transactions = transactions;
        this.clients = clients;
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
        return transactions.withTransactionAndAck(batch, emitter -> redactAndPublish(events, offsets, ranges, projects));
    }

    /**
     * Redacts the batch inside its open transaction, {@value #PART} events at a time, and sends each
     * part's redacted events while the next part is redacted: the sends run as tasks on the channel's
     * sending thread (in order), with a plain callback per record, then the reports, then a flush.
     * The returned Uni completes once Kafka acknowledged every record, or fails with the first
     * failure, which aborts the transaction. Emitting one reactive message per record instead cost
     * more than the redaction itself (a message, its metadata, a Uni and context propagation for
     * every record), and sending only after the whole batch was redacted left a core idle.
     */
    private Uni<Void> redactAndPublish(List<Event> events, long[] offsets, Map<String, long[]> ranges,
            Map<String, String> projects) {
        KafkaProducer<String, byte[]> kafka = producer();
        SendFailure failure = new SendFailure();
        List<CompletableFuture<Void>> tasks = new ArrayList<>();
        BatchRedactor.Run run = redactor.start();
        for (int from = 0; from < events.size(); from += PART) {
            List<Event> part = run.redact(events, offsets, from, Math.min(events.size(), from + PART));
            tasks.add(kafka.runOnSendingThread((Producer<String, byte[]> p) -> {
                for (Event event : part) {
                    p.send(new ProducerRecord<>(redactedTopic, event.getSessionId(), frames.encode(event)), failure);
                }
            }).subscribeAsCompletionStage());
        }
        RedactedBatch result = run.finish();
        tasks.add(kafka.runOnSendingThread((Producer<String, byte[]> p) -> {
            for (Map.Entry<String, SessionReport> entry : result.reports().entrySet()) {
                String session = entry.getKey();
                byte[] report = report(projects.get(session), session, result.ruleSet(), ranges.get(session),
                        entry.getValue());
                p.send(new ProducerRecord<>(reportsTopic, session, report), failure);
            }
            // Returns once every record sent so far is acknowledged (without waiting for linger.ms).
            p.flush();
        }).subscribeAsCompletionStage());
        return Uni.createFrom().completionStage(CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new)))
                .invoke(failure::check);
    }

    private KafkaProducer<String, byte[]> producer() {
        KafkaProducer<String, byte[]> p = producer;
        if (p == null) {
            p = clients.getProducer(OUT);
            producer = p;
        }
        return p;
    }

    /** The first failure any record of a batch was acknowledged with. */
    private static final class SendFailure implements Callback {
        private final AtomicReference<Exception> first = new AtomicReference<>();

        @Override
        public void onCompletion(RecordMetadata metadata, Exception failure) {
            if (failure != null) {
                first.compareAndSet(null, failure);
            }
        }

        void check() {
            Exception e = first.get();
            if (e != null) {
                throw new IllegalStateException("Kafka refused a record of the batch", e);
            }
        }
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
