package dev.replaymesh.bench;

import com.google.protobuf.UnsafeByteOperations;
import dev.replaymesh.format.Crc32c;
import dev.replaymesh.format.FrameCodec;
import dev.replaymesh.proto.v1.Event;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Writes a backlog of captured events into a topic in one Kafka transaction, so that a
 * {@code read_committed} consumer sees none of it until all of it is there: it then drains a backlog
 * that was complete before it started, with no producer competing for the cores. The records are what
 * capture-service writes: key = session id, value = one framed {@code replay.v1.Event} whose payload
 * is an rrweb event from {@link RrwebSessions}. Prints what it wrote, by kind of event; with
 * {@code --watch-group} it then measures how fast that group drains the backlog ({@link DrainWatch}).
 */
@Command(name = "fill", mixinStandardHelpOptions = true,
        description = "Write a backlog of framed rrweb events into a topic in one transaction.")
final class BacklogFill implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--topic", required = true)
    String topic;

    @Option(names = "--events", defaultValue = "500000", description = "events to write (${DEFAULT-VALUE})")
    long events;

    @Option(names = "--concurrent-sessions", defaultValue = "500",
            description = "sessions recording at the same time, interleaved (${DEFAULT-VALUE})")
    int concurrent;

    @Option(names = "--pages", defaultValue = "2", description = "pages per session, each with a FullSnapshot (${DEFAULT-VALUE})")
    int pages;

    @Option(names = "--events-per-page", defaultValue = "120", description = "mean events per page (${DEFAULT-VALUE})")
    int eventsPerPage;

    @Option(names = "--rows", defaultValue = "48", description = "mean table rows per page snapshot (${DEFAULT-VALUE})")
    int rows;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Option(names = "--prefix", description = "session id prefix [bench-<random>]")
    String prefix;

    @Option(names = "--project", defaultValue = "demo")
    String project;

    @Option(names = "--backlog-file", description = "where to write what was filled (for drain and passthrough)")
    Path backlogFile;

    @Option(names = "--stats-only", description = "only generate and print the statistics, write nothing")
    boolean statsOnly;

    @Mixin
    DrainWatch.Options watch;

    @Override
    public Integer call() throws Exception {
        String sessions = prefix != null ? prefix : "bench-" + UUID.randomUUID().toString().substring(0, 8);
        RrwebSessions generator = new RrwebSessions(sessions, concurrent, pages, eventsPerPage, rows, seed);
        Stats stats = new Stats((int) Math.min(events, Integer.MAX_VALUE - 8));
        if (statsOnly) {
            for (long i = 0; i < events; i++) {
                RrwebSessions.Generated e = generator.next();
                stats.add(e.kind(), e.json().length, 0);
            }
            stats.print(generator.sessionsStarted());
            return 0;
        }
        try (Admin admin = kafka.admin()) {
            Map<Integer, Long> start = endOffsets(admin, topic);
            Map<Integer, AtomicLong> last = new TreeMap<>();
            start.keySet().forEach(p -> last.put(p, new AtomicLong(-1)));
            AtomicReference<Exception> failure = new AtomicReference<>();
            FrameCodec frames = new FrameCodec();
            Map<String, long[]> seqs = new HashMap<>();
            String windowPrefix = UUID.randomUUID().toString().substring(0, 8);
            long t0 = System.nanoTime();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producerProperties(Map.of(
                    "acks", "all", "linger.ms", "5", "batch.size", "262144", "buffer.memory", "134217728",
                    "max.request.size", "20971520"), Map.of(
                    "enable.idempotence", "true", "transactional.id", "bench-fill-" + UUID.randomUUID(),
                    "transaction.timeout.ms", "900000")), new StringSerializer(), new ByteArraySerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                for (long i = 0; i < events; i++) {
                    RrwebSessions.Generated e = generator.next();
                    long[] seq = seqs.computeIfAbsent(e.sessionId(), s -> new long[1]);
                    byte[] payload = e.json();
                    byte[] frame = frames.encode(Event.newBuilder()
                            .setProject(project)
                            .setSessionId(e.sessionId())
                            .setWindowId(windowPrefix + "-" + e.sessionId().hashCode())
                            .setClientSeq(++seq[0])
                            .setClientTimestampMs(e.timestamp())
                            .setServerReceivedMs(e.timestamp() + 150)
                            .setEventType(e.type())
                            .setPayload(UnsafeByteOperations.unsafeWrap(payload))
                            .setPayloadCrc32C(Crc32c.of(payload))
                            .setDistinctId("user-" + Math.abs(e.sessionId().hashCode() % 100000))
                            .build());
                    stats.add(e.kind(), payload.length, frame.length);
                    producer.send(new ProducerRecord<>(topic, e.sessionId(), frame), (metadata, error) -> {
                        if (error != null) {
                            failure.compareAndSet(null, error);
                        } else {
                            last.get(metadata.partition()).accumulateAndGet(metadata.offset(), Math::max);
                        }
                    });
                    if (failure.get() != null) {
                        break;
                    }
                }
                producer.flush();
                if (failure.get() != null) {
                    producer.abortTransaction();
                    throw failure.get();
                }
                producer.commitTransaction();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Progress.say("filled %s: %d events in %.1f s (committed in one transaction)", topic, events, seconds);
            Map<Integer, Long> target = new TreeMap<>();
            last.forEach((p, offset) -> target.put(p, offset.get() < 0 ? start.get(p) : offset.get() + 1));
            Backlog backlog = new Backlog(topic, start, target, events, stats.payloadBytes, stats.recordBytes);
            if (backlogFile != null) {
                backlog.save(backlogFile);
            }
            stats.print(generator.sessionsStarted());
            System.out.printf("FILL topic=%s events=%d payload_bytes=%d record_bytes=%d sessions=%d seconds=%.1f%n",
                    topic, events, stats.payloadBytes, stats.recordBytes, generator.sessionsStarted(), seconds);
            System.out.flush();
            if (watch.groups != null && !watch.groups.isEmpty()) {
                return new DrainWatch(admin, backlog, watch).run();
            }
        }
        return 0;
    }

    /** Each partition's end offset now (all earlier transactions are complete). */
    static Map<Integer, Long> endOffsets(Admin admin, String topic) throws Exception {
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        partitions.forEach(tp -> specs.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(specs).all().get();
        Map<Integer, Long> out = new TreeMap<>();
        ends.forEach((tp, info) -> out.put(tp.partition(), info.offset()));
        return out;
    }

    /** Counts and sizes by kind of event. */
    static final class Stats {
        final Map<RrwebSessions.Kind, long[]> byKind = new EnumMap<>(RrwebSessions.Kind.class);
        final int[] sizes;
        int n;
        long payloadBytes;
        long recordBytes;

        Stats(int capacity) {
            sizes = new int[capacity];
        }

        void add(RrwebSessions.Kind kind, int payload, int record) {
            long[] s = byKind.computeIfAbsent(kind, k -> new long[3]);
            s[0]++;
            s[1] += payload;
            s[2] = Math.max(s[2], payload);
            if (n < sizes.length) {
                sizes[n++] = payload;
            }
            payloadBytes += payload;
            recordBytes += record;
        }

        void print(long sessions) {
            long total = byKind.values().stream().mapToLong(s -> s[0]).sum();
            int[] sorted = Arrays.copyOf(sizes, n);
            Arrays.sort(sorted);
            System.out.printf("EVENTS total=%d sessions=%d payload_bytes=%d mean=%.0f p50=%d p90=%d p99=%d max=%d"
                            + " record_bytes=%d%n", total, sessions, payloadBytes, (double) payloadBytes / Math.max(1, total),
                    at(sorted, 0.5), at(sorted, 0.9), at(sorted, 0.99), n == 0 ? 0 : sorted[n - 1], recordBytes);
            byKind.forEach((kind, s) -> System.out.printf("KIND %s events=%d share=%.1f%% bytes_share=%.1f%% mean=%.0f max=%d%n",
                    kind.name().toLowerCase(), s[0], 100.0 * s[0] / total, 100.0 * s[1] / payloadBytes,
                    (double) s[1] / s[0], s[2]));
        }

        private static int at(int[] sorted, double q) {
            return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))];
        }
    }
}
