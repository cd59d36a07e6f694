package dev.replaymesh.bench;

import com.google.protobuf.UnsafeByteOperations;
import dev.replaymesh.contract.EventTypes;
import dev.replaymesh.format.Events;
import dev.replaymesh.format.FrameCodec;
import dev.replaymesh.proto.v1.Event;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes what redaction-service writes to replay.redacted.v1, for storage-service to drain: key =
 * session id, value = one framed {@code replay.v1.Event} (project, session, window, client sequence,
 * client and server timestamps, type, payload and its CRC32C, user id, rule set, capture offset)
 * whose payload is an rrweb event of {@link RrwebSessions}, many sessions interleaved. A share of the
 * sessions ends with the recorder's end event ({@code replay.session-end}), the others just stop.
 *
 * <p>All of it goes in one Kafka transaction, so that storage-service's {@code read_committed}
 * consumer sees none of it until all of it is there: it then drains a backlog that was complete
 * before it started, with no producer competing for the cores. What was written (offsets per
 * partition, counts, sizes, the commit time) goes to {@code --backlog-file} for
 * {@link StorageDrainWatch}.
 */
@Command(name = "fill-events", mixinStandardHelpOptions = true,
        description = "Write a backlog of framed, redacted rrweb events of many sessions in one transaction.")
final class EventBacklogFill implements Callable<Integer> {

    @Option(names = "--bootstrap", defaultValue = "127.0.0.1:9092", description = "(${DEFAULT-VALUE})")
    String bootstrap;

    @Option(names = "--topic", required = true)
    String topic;

    @Option(names = "--events", defaultValue = "1000000", description = "rrweb events to write (${DEFAULT-VALUE})")
    long events;

    @Option(names = "--concurrent-sessions", defaultValue = "1000",
            description = "sessions recording at the same time, interleaved (${DEFAULT-VALUE})")
    int concurrent;

    @Option(names = "--pages", defaultValue = "4", description = "pages per session, each with a FullSnapshot (${DEFAULT-VALUE})")
    int pages;

    @Option(names = "--events-per-page", defaultValue = "150", description = "mean events per page (${DEFAULT-VALUE})")
    int eventsPerPage;

    @Option(names = "--rows", defaultValue = "40", description = "mean table rows per page snapshot (${DEFAULT-VALUE})")
    int rows;

    @Option(names = "--end-share", defaultValue = "0.5",
            description = "share of sessions that end with the recorder's end event (${DEFAULT-VALUE})")
    double endShare;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Option(names = "--prefix", description = "session id prefix [s-<random>]")
    String prefix;

    @Option(names = "--project", defaultValue = "demo")
    String project;

    @Option(names = "--rule-set", defaultValue = "default-1@3f2a9c0d1e7b5a64",
            description = "redacted_with of every event (${DEFAULT-VALUE})")
    String ruleSet;

    @Option(names = "--backlog-file", required = true, description = "where to write what was filled")
    Path backlogFile;

    @Option(names = "--truncate-first", description = "first delete every record the topic holds (drained before)")
    boolean truncateFirst;

    @Override
    public Integer call() throws Exception {
        String sessions = prefix != null ? prefix : "s-" + UUID.randomUUID().toString().substring(0, 8);
        RrwebSessions generator = new RrwebSessions(sessions, concurrent, pages, eventsPerPage, rows, seed);
        Random random = new Random(seed + 1);
        FrameCodec frames = new FrameCodec();
        Map<String, long[]> clientSeq = new HashMap<>();
        Map<Integer, AtomicLong> last = new TreeMap<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long payloadBytes = 0;
        long frameBytes = 0;
        long written = 0;
        long ends = 0;
        long captureOffset = 0;
        Map<Integer, Long> start;
        Properties producer = new Properties();
        producer.put("bootstrap.servers", bootstrap);
        // As redaction-service's producer of replay.redacted.v1: 256 KiB batches, linger 5 ms, no compression.
        producer.put("acks", "all");
        producer.put("enable.idempotence", "true");
        producer.put("linger.ms", "5");
        producer.put("batch.size", "262144");
        producer.put("buffer.memory", "134217728");
        producer.put("max.request.size", "20971520");
        producer.put("transactional.id", "bench-storage-fill-" + UUID.randomUUID());
        producer.put("transaction.timeout.ms", "900000");
        long t0 = System.nanoTime();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            start = endOffsets(admin, topic);
            if (truncateFirst) {
                // Frees the broker's memory or disk of earlier backlogs (whole segments only).
                Map<TopicPartition, RecordsToDelete> before = new HashMap<>();
                start.forEach((p, offset) -> before.put(new TopicPartition(topic, p), RecordsToDelete.beforeOffset(offset)));
                admin.deleteRecords(before).all().get();
            }
        }
        start.keySet().forEach(p -> last.put(p, new AtomicLong(-1)));
        try (KafkaProducer<String, byte[]> kafka = new KafkaProducer<>(producer, new StringSerializer(),
                new ByteArraySerializer())) {
            kafka.initTransactions();
            kafka.beginTransaction();
            while (written < events && failure.get() == null) {
                long before = generator.sessionsStarted();
                RrwebSessions.Generated e = generator.next();
                boolean sessionDone = generator.sessionsStarted() > before;
                int n = send(kafka, frames, clientSeq, e.sessionId(), e.type(), e.timestamp(), e.json(),
                        captureOffset++, last, failure);
                payloadBytes += e.json().length;
                frameBytes += n;
                written++;
                if (sessionDone && random.nextDouble() < endShare) {
                    byte[] end = ("{\"type\":5,\"data\":{\"tag\":\"" + EventTypes.SESSION_END_TAG
                            + "\",\"payload\":{}},\"timestamp\":" + (e.timestamp() + 1) + "}").getBytes(StandardCharsets.UTF_8);
                    frameBytes += send(kafka, frames, clientSeq, e.sessionId(), EventTypes.CUSTOM, e.timestamp() + 1,
                            end, captureOffset++, last, failure);
                    payloadBytes += end.length;
                    written++;
                    ends++;
                }
            }
            kafka.flush();
            if (failure.get() != null) {
                kafka.abortTransaction();
                throw failure.get();
            }
            kafka.commitTransaction();
        }
        long committedAt = System.currentTimeMillis();
        double seconds = (System.nanoTime() - t0) / 1e9;
        // Sessions started but cut off by the end of the backlog are sessions too.
        long sessionCount = clientSeq.size();
        Map<Integer, Long> target = new TreeMap<>();
        last.forEach((p, offset) -> target.put(p, offset.get() < 0 ? start.get(p) : offset.get() + 1));
        new Filled(topic, start, target, written, sessionCount, ends, payloadBytes, frameBytes, committedAt)
                .save(backlogFile);
        System.out.printf("FILL topic=%s events=%d sessions=%d ended_sessions=%d payload_bytes=%d frame_bytes=%d"
                        + " mean_frame_bytes=%.0f seconds=%.1f%n", topic, written, sessionCount, ends, payloadBytes,
                frameBytes, (double) frameBytes / written, seconds);
        return 0;
    }

    private int send(KafkaProducer<String, byte[]> kafka, FrameCodec frames, Map<String, long[]> clientSeq,
            String sessionId, int type, long timestamp, byte[] payload, long captureOffset,
            Map<Integer, AtomicLong> last, AtomicReference<Exception> failure) {
        long[] seq = clientSeq.computeIfAbsent(sessionId, s -> new long[1]);
        Event event = Events.withPayloadCrc(Event.newBuilder()
                .setProject(project)
                .setSessionId(sessionId)
                .setWindowId(sessionId + "-w")
                .setClientSeq(++seq[0])
                .setClientTimestampMs(timestamp)
                .setServerReceivedMs(timestamp + 150)
                .setEventType(type)
                .setPayload(UnsafeByteOperations.unsafeWrap(payload))
                .setDistinctId("user-" + Math.floorMod(sessionId.hashCode(), 100_000))
                .setRedactedWith(ruleSet)
                .setCaptureOffset(captureOffset)
                .build());
        byte[] frame = frames.encode(event);
        kafka.send(new ProducerRecord<>(topic, sessionId, frame), (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            } else {
                last.get(metadata.partition()).accumulateAndGet(metadata.offset(), Math::max);
            }
        });
        return frame.length;
    }

    static Map<Integer, Long> endOffsets(Admin admin, String topic) throws Exception {
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        partitions.forEach(tp -> specs.put(tp, OffsetSpec.latest()));
        Map<Integer, Long> out = new TreeMap<>();
        admin.listOffsets(specs).all().get().forEach((tp, info) -> out.put(tp.partition(), info.offset()));
        return out;
    }

    /**
     * What a fill wrote: per partition the end offset before it and the offset after its last record
     * (the transaction's commit marker sits one further), its counts and sizes, and when it committed.
     */
    record Filled(String topic, Map<Integer, Long> start, Map<Integer, Long> target, long events, long sessions,
            long endedSessions, long payloadBytes, long frameBytes, long committedAtMs) {

        long committedEvents(Map<Integer, Long> committed) {
            return new OffsetRange(start, target).committedEvents(committed);
        }

        boolean drained(Map<Integer, Long> committed) {
            return new OffsetRange(start, target).drained(committed);
        }

        void save(Path file) throws IOException {
            Properties p = new Properties();
            p.setProperty("topic", topic);
            p.setProperty("events", Long.toString(events));
            p.setProperty("sessions", Long.toString(sessions));
            p.setProperty("ended-sessions", Long.toString(endedSessions));
            p.setProperty("payload-bytes", Long.toString(payloadBytes));
            p.setProperty("frame-bytes", Long.toString(frameBytes));
            p.setProperty("committed-at-ms", Long.toString(committedAtMs));
            new OffsetRange(start, target).save(file, p, "backlog written by EventBacklogFill");
        }

        static Filled load(Path file) throws IOException {
            Properties p = OffsetRange.load(file);
            OffsetRange range = OffsetRange.read(p);
            return new Filled(p.getProperty("topic"), range.start(), range.target(), Long.parseLong(p.getProperty("events")),
                    Long.parseLong(p.getProperty("sessions")), Long.parseLong(p.getProperty("ended-sessions")),
                    Long.parseLong(p.getProperty("payload-bytes")), Long.parseLong(p.getProperty("frame-bytes")),
                    Long.parseLong(p.getProperty("committed-at-ms")));
        }
    }
}
