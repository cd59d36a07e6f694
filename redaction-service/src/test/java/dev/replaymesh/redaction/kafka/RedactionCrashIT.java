package dev.replaymesh.redaction.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replaymesh.contract.Topics;
import dev.replaymesh.format.FrameCodec;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.redaction.kafka.CrashLoad.Session;
import dev.replaymesh.redaction.mirror.Protection;
import dev.replaymesh.testing.KafkaBroker;
import dev.replaymesh.testing.PackagedService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The exactly-once claim of the pipeline, tested the hard way: the packaged service runs as a child process on a
 * broker of the test's own, is killed with SIGKILL while it redacts live traffic (at a moment when the broker shows
 * one of its transactions open, when it can catch one), and a second instance in the same consumer group takes
 * over. Read with {@code read_committed}, replay.redacted.v1 must then hold every captured event exactly once, each
 * session in capture order, no planted secret anywhere, and replay.redaction-reports.v1 must cover every captured
 * offset exactly once.
 *
 * <p>The load: {@value #SESSIONS} sign-in sessions of {@value #EVENTS_PER_SESSION} events ({@link CrashLoad}); the
 * first {@value #BEFORE_START} events of each are written before the service starts, in transactions, next to an
 * aborted transaction of "ghost" sessions that must never come out; the rest is written while the first instance
 * runs, paused while no instance runs, and resumed while the second one starts.
 *
 * <p>Two liveness timeouts of the service are shortened for the test, because a SIGKILLed instance never says
 * goodbye: its consumer stays in the group until {@code session.timeout.ms} (45 s by default) and its open
 * transaction, whose {@code transactional.id} no later instance reuses, holds back {@code read_committed} readers
 * and the group's offsets until the broker aborts it after {@code transaction.timeout.ms} (60 s by default). Neither
 * changes what is tested, only how long the second instance waits.
 *
 * <p>The service's output goes to {@code target/crash-it/redaction-{1,2}.log}, a summary to
 * {@code target/crash-it/summary.txt}.
 */
class RedactionCrashIT {

    static final int SESSIONS = 50;
    static final int EVENTS_PER_SESSION = 120;
    static final int BEFORE_START = 40;
    static final int GHOST_SESSIONS = 5;
    static final int FEED_BATCH = 40;
    static final long FEED_PAUSE_MS = 25;
    static final String GROUP = "redaction-service";
    /** The test's own producer of the events written before the service starts; every other is the service's. */
    static final String CAPTURE_TRANSACTIONAL_ID = "crash-it-capture";
    static final Duration READY = Duration.ofSeconds(120);
    static final Duration DRAIN = Duration.ofSeconds(150);

    static final ObjectMapper JSON = new ObjectMapper();
    static final FrameCodec FRAMES = new FrameCodec();

    final Path appJar = Path.of(System.getProperty("crash-it.app", "target/quarkus-app/quarkus-run.jar"))
            .toAbsolutePath();
    final Path logDir = Path.of(System.getProperty("crash-it.logs", "target/crash-it")).toAbsolutePath();
    final StringBuilder summary = new StringBuilder();
    final long t0 = System.nanoTime();

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void sigkillMidStreamLosesNothingDuplicatesNothingLeaksNothing() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Session> sessions = CrashLoad.sessions("crash-" + run, 0, SESSIONS, EVENTS_PER_SESSION, 42);
        List<Session> ghosts = CrashLoad.sessions("ghost-" + run, 1000, GHOST_SESSIONS, 60, 4242);
        Random random = new Random(7);
        List<Event> before = interleave(sessions, 0, BEFORE_START, random);
        List<Event> during = interleave(sessions, BEFORE_START, EVENTS_PER_SESSION, random);

        try (KafkaBroker kafka = KafkaBroker.startNew();
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000))) {
            kafka.createMeshTopics();
            note("broker %s, topics created", kafka.bootstrapServers());
            String bootstrap = kafka.bootstrapServers();

            produceTransactions(bootstrap, before, ghosts);
            note("before start: %d events in 4 committed transactions, %d ghost events in an aborted one",
                    before.size(), ghosts.stream().mapToInt(g -> g.events().size()).sum());

            PackagedService first = null;
            PackagedService second = null;
            Feeder feeder = new Feeder(bootstrap, during);
            try {
                first = service("redaction-1", bootstrap);
                first.awaitReady(READY);
                note("%s ready", first);
                feeder.start();

                boolean sawOpen = killWhileATransactionIsOpen(admin, first, feeder);
                feeder.hold();
                note("SIGKILLed %s after %d of %d live events were written; an open transaction seen just before: %s",
                        first, feeder.sent(), during.size(), sawOpen);
                Collection<TransactionDescription> left = describeServiceTransactions(admin);
                boolean hangingAfterDeath = left.stream().anyMatch(d -> d.state() == TransactionState.ONGOING);
                left.forEach(d -> note("  transaction of the dead instance: %s %s, partitions %s", d.state(),
                        d.producerId(), d.topicPartitions()));
                note("kill hit mid-transaction (broker holds an ONGOING transaction of the dead JVM): %s",
                        hangingAfterDeath);
                note("offsets the dead instance committed: %s", offsets(committed(admin)));

                second = service("redaction-2", bootstrap);
                feeder.release();
                second.awaitReady(READY);
                note("%s ready", second);
                feeder.awaitDone(Duration.ofSeconds(60));
                note("all %d live events written", during.size());

                Captured captured = captured(bootstrap, sessions, ghosts);
                awaitGroupCaughtUp(admin, captured, second);
                awaitNoOpenTransactions(admin, second);
                second.stop(Duration.ofSeconds(20));
                note("second instance stopped; checking the outputs");

                verify(bootstrap, sessions, ghosts, captured.offsets());
            } finally {
                feeder.stopNow();
                if (first != null) {
                    first.close();
                }
                if (second != null) {
                    second.close();
                }
                note("done in %d s", elapsedSeconds());
                Files.createDirectories(logDir);
                Files.writeString(logDir.resolve("summary.txt"), summary, StandardCharsets.UTF_8);
            }
        }
    }

    // ---- the service ----

    private PackagedService service(String name, String bootstrap) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("kafka.bootstrap.servers", bootstrap);
        props.put("mp.messaging.incoming.capture-in.session.timeout.ms", "10000");
        props.put("mp.messaging.outgoing.redacted-out.transaction.timeout.ms", "10000");
        return PackagedService.start(name, appJar, logDir, List.of("-Xms64m", "-Xmx384m"), props);
    }

    /**
     * Waits until the service committed a first transaction and live traffic flows, then watches the broker's
     * transaction coordinator and kills the service the moment one of its transactions is open. If none is seen
     * (the service idles between small batches), kills it anyway after a while: what must hold holds either way.
     */
    private boolean killWhileATransactionIsOpen(Admin admin, PackagedService service, Feeder feeder) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (committed(admin).isEmpty() || feeder.batches() < 5) {
            check(service.isAlive(), service + " died:\n" + service.tail(60));
            feeder.rethrow();
            check(System.nanoTime() < deadline, "no committed transaction of " + service + " within 120 s:\n"
                    + service.tail(60));
            Thread.sleep(20);
        }
        note("first committed offsets %s after %d live batches", committed(admin), feeder.batches());
        ListTransactionsOptions ongoing = new ListTransactionsOptions().filterStates(Set.of(TransactionState.ONGOING));
        long hunt = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        boolean idle = false;
        long idleSince = 0;
        int polls = 0;
        while (System.nanoTime() < hunt) {
            // With the feeder held, the service drains what is left; give that a few seconds more.
            if (!idle && feeder.isExhausted()) {
                idle = true;
                idleSince = System.nanoTime();
            } else if (idle && System.nanoTime() - idleSince > Duration.ofSeconds(3).toNanos()) {
                break;
            }
            polls++;
            for (TransactionListing t : admin.listTransactions(ongoing).all().get(10, TimeUnit.SECONDS)) {
                if (!t.transactionalId().equals(CAPTURE_TRANSACTIONAL_ID)) {
                    service.kill();
                    note("open transaction %s seen after %d polls", t.transactionalId(), polls);
                    return true;
                }
            }
        }
        service.kill();
        note("no open transaction seen in %d polls; killed between transactions", polls);
        return false;
    }

    private static Collection<TransactionDescription> describeServiceTransactions(Admin admin) throws Exception {
        List<String> ids = admin.listTransactions().all().get(10, TimeUnit.SECONDS).stream()
                .map(TransactionListing::transactionalId).filter(id -> !id.equals(CAPTURE_TRANSACTIONAL_ID)).toList();
        return ids.isEmpty() ? List.of() : admin.describeTransactions(ids).all().get(10, TimeUnit.SECONDS).values();
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> all = admin.listConsumerGroupOffsets(GROUP)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> present = new TreeMap<>(
                (a, b) -> a.toString().compareTo(b.toString()));
        all.forEach((tp, o) -> {
            if (o != null) {
                present.put(tp, o);
            }
        });
        return present;
    }

    /** Until the group's committed offsets are past the last captured event of every partition. */
    private void awaitGroupCaughtUp(Admin admin, Captured captured, PackagedService service) throws Exception {
        Map<TopicPartition, Long> ends = captured.ends();
        long deadline = System.nanoTime() + DRAIN.toNanos();
        Map<TopicPartition, OffsetAndMetadata> committed = Map.of();
        while (System.nanoTime() < deadline) {
            check(service.isAlive(), service + " died:\n" + service.tail(60));
            committed = committed(admin);
            Map<TopicPartition, OffsetAndMetadata> c = committed;
            if (ends.entrySet().stream().allMatch(e -> c.containsKey(e.getKey())
                    && c.get(e.getKey()).offset() >= e.getValue())) {
                note("group caught up: committed %s, capture ends %s", offsets(c), ends);
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the group did not catch up within " + DRAIN.toSeconds() + " s: committed "
                + offsets(committed) + ", capture ends " + ends + "\n" + service.tail(60));
    }

    /** Until no transaction holds back read_committed readers of the outputs (the dead one's is aborted). */
    private void awaitNoOpenTransactions(Admin admin, PackagedService service) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (String topic : List.of(Topics.REDACTED, Topics.REDACTION_REPORTS)) {
            admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        }
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (true) {
            Map<TopicPartition, Long> high = new HashMap<>();
            Map<TopicPartition, Long> stable = new HashMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all()
                    .get(10, TimeUnit.SECONDS).forEach((tp, info) -> high.put(tp, info.offset()));
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(10, TimeUnit.SECONDS).forEach((tp, info) -> stable.put(tp, info.offset()));
            if (high.equals(stable)) {
                note("no open transaction on the outputs (ends %s)", new TreeMap<>(stable.entrySet().stream()
                        .collect(Collectors.toMap(e -> e.getKey().toString(), Map.Entry::getValue))));
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("outputs still hold an open transaction after " + DRAIN.toSeconds()
                        + " s: high watermarks " + high + ", stable offsets " + stable + "\n" + service.tail(60));
            }
            Thread.sleep(250);
        }
    }

    // ---- the checks ----

    /**
     * What replay.capture.v1 holds for read_committed readers.
     *
     * @param offsets each session's offsets in log order
     * @param ends    per partition, the offset after its last event
     */
    record Captured(Map<String, List<Long>> offsets, Map<TopicPartition, Long> ends) {
    }

    private Captured captured(String bootstrap, List<Session> sessions, List<Session> ghosts) {
        Map<String, List<Long>> offsets = new LinkedHashMap<>();
        Map<TopicPartition, Long> ends = new HashMap<>();
        Map<String, Integer> partitionOf = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : readAll(bootstrap, Topics.CAPTURE, "read_committed")) {
            Event e = FRAMES.decode(r.value());
            assertThat(r.key()).isEqualTo(e.getSessionId());
            List<Long> list = offsets.computeIfAbsent(e.getSessionId(), s -> new ArrayList<>());
            assertThat(e.getSeq()).as("capture order of %s", e.getSessionId()).isEqualTo(list.size());
            assertThat(partitionOf.computeIfAbsent(e.getSessionId(), s -> r.partition())).isEqualTo(r.partition());
            list.add(r.offset());
            ends.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max);
        }
        for (Session ghost : ghosts) {
            assertThat(offsets).as("aborted input is not read").doesNotContainKey(ghost.id());
        }
        for (Session s : sessions) {
            assertThat(offsets.get(s.id())).as("captured events of " + s.id()).hasSize(s.events().size());
        }
        assertThat(offsets).hasSize(sessions.size());
        return new Captured(offsets, ends);
    }

    private void verify(String bootstrap, List<Session> sessions, List<Session> ghosts,
            Map<String, List<Long>> expected) throws Exception {
        List<ConsumerRecord<String, byte[]>> committed = readAll(bootstrap, Topics.REDACTED, "read_committed");
        List<ConsumerRecord<String, byte[]>> everything = readAll(bootstrap, Topics.REDACTED, "read_uncommitted");
        List<ConsumerRecord<String, byte[]>> reports = readAll(bootstrap, Topics.REDACTION_REPORTS, "read_committed");

        // Every captured event exactly once, each session in one partition and in capture order.
        Map<String, List<Event>> out = new LinkedHashMap<>();
        Map<String, Integer> partitionOf = new HashMap<>();
        Set<String> seenPositions = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        StringBuilder committedText = new StringBuilder();
        for (ConsumerRecord<String, byte[]> r : committed) {
            Event e = FRAMES.decode(r.value());
            assertThat(r.key()).isEqualTo(e.getSessionId());
            assertThat(e.getRedactedWith()).as("redacted_with").isNotEmpty();
            assertThat(partitionOf.computeIfAbsent(e.getSessionId(), s -> r.partition()))
                    .as("partition of " + e.getSessionId()).isEqualTo(r.partition());
            if (!seenPositions.add(e.getSessionId() + "@" + e.getCaptureOffset())) {
                duplicates.add(e.getSessionId() + "@" + e.getCaptureOffset() + " (seq " + e.getSeq() + ")");
            }
            out.computeIfAbsent(e.getSessionId(), s -> new ArrayList<>()).add(e);
            committedText.append(e.getPayload().toStringUtf8()).append('\n');
        }
        assertThat(duplicates).as("events redacted and committed twice").isEmpty();
        for (Session g : ghosts) {
            assertThat(out).as("a session of an aborted capture transaction").doesNotContainKey(g.id());
        }
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, List<Long>> session : expected.entrySet()) {
            List<Event> events = out.getOrDefault(session.getKey(), List.of());
            List<Long> offsets = events.stream().map(Event::getCaptureOffset).toList();
            Set<Long> got = new HashSet<>(offsets);
            session.getValue().stream().filter(o -> !got.contains(o))
                    .forEach(o -> missing.add(session.getKey() + "@" + o));
            assertThat(offsets).as("redacted events of %s in capture order", session.getKey()).isSorted();
            assertThat(events.stream().map(Event::getSeq).toList()).as("seq of %s", session.getKey()).isSorted();
            assertThat(session.getValue()).as("capture offsets of " + session.getKey()).containsAll(offsets);
        }
        assertThat(missing).as("captured events never committed to " + Topics.REDACTED).isEmpty();
        assertThat(committed).hasSize(SESSIONS * EVENTS_PER_SESSION);

        // What the dead instance wrote but never committed was done again, once.
        Set<String> committedRecords = committed.stream().map(r -> r.partition() + ":" + r.offset())
                .collect(Collectors.toSet());
        List<Event> aborted = everything.stream().filter(r -> !committedRecords.contains(r.partition() + ":" + r.offset()))
                .map(r -> FRAMES.decode(r.value())).toList();
        for (Event e : aborted) {
            assertThat(seenPositions).as("aborted output redone").contains(e.getSessionId() + "@" + e.getCaptureOffset());
        }
        note("replay.redacted.v1: %d committed events (= %d captured), %d aborted (uncommitted) events of the dead"
                + " instance, all redone", committed.size(), SESSIONS * EVENTS_PER_SESSION, aborted.size());

        // Reports: each captured offset in exactly one report range of its session, counts that add up.
        Map<String, List<JsonNode>> bySession = new LinkedHashMap<>();
        StringBuilder reportText = new StringBuilder();
        for (ConsumerRecord<String, byte[]> r : reports) {
            JsonNode report = JSON.readTree(r.value());
            assertThat(report.get("sessionId").asText()).isEqualTo(r.key());
            bySession.computeIfAbsent(r.key(), s -> new ArrayList<>()).add(report);
            reportText.append(new String(r.value(), StandardCharsets.UTF_8)).append('\n');
        }
        for (Session g : ghosts) {
            assertThat(bySession).doesNotContainKey(g.id());
        }
        assertThat(bySession.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        long changed = 0;
        for (Map.Entry<String, List<Long>> session : expected.entrySet()) {
            String id = session.getKey();
            List<JsonNode> ranges = bySession.get(id);
            long lastEnd = -1;
            for (JsonNode range : ranges) {
                long first = range.get("firstOffset").asLong();
                long last = range.get("lastOffset").asLong();
                assertThat(first).as("report ranges of %s follow each other without overlap: %s", id, ranges)
                        .isGreaterThan(lastEnd);
                assertThat(last).isGreaterThanOrEqualTo(first);
                lastEnd = last;
                long inRange = session.getValue().stream().filter(o -> o >= first && o <= last).count();
                long outInRange = out.get(id).stream().map(Event::getCaptureOffset)
                        .filter(o -> o >= first && o <= last).count();
                assertThat(range.get("seen").asLong()).as("seen of %s in %s", id, range).isEqualTo(inRange);
                assertThat(range.get("seen").asLong() - range.get("dropped").asLong())
                        .as("passed on of %s in %s", id, range).isEqualTo(outInRange);
                changed += range.get("changed").asLong();
            }
            for (long offset : session.getValue()) {
                long covering = ranges.stream().filter(r -> r.get("firstOffset").asLong() <= offset
                        && offset <= r.get("lastOffset").asLong()).count();
                assertThat(covering).as("reports covering %s@%d", id, offset).isEqualTo(1);
            }
        }
        assertThat(changed).as("events changed by redaction").isPositive();
        long failClosed = bySession.values().stream().filter(list -> list.stream().anyMatch(r -> r.get("removed")
                .findValuesAsText("rule").contains(Protection.FAIL_CLOSED))).count();
        note("replay.redaction-reports.v1: %d reports cover every captured offset once; %d events changed; %d sessions"
                + " failed closed (redacted without their DOM mirror after the restart)", reports.size(), changed,
                failClosed);

        // No planted secret anywhere: committed output, the aborted output, the reports.
        String abortedText = aborted.stream().map(e -> e.getPayload().toStringUtf8()).collect(Collectors.joining("\n"));
        String committedString = committedText.toString();
        String reportString = reportText.toString();
        List<String> leaks = new ArrayList<>();
        int secrets = 0;
        for (Session s : concat(sessions, ghosts)) {
            for (String secret : s.secrets()) {
                secrets++;
                if (committedString.contains(secret)) {
                    leaks.add(secret + " in " + Topics.REDACTED);
                }
                if (abortedText.contains(secret)) {
                    leaks.add(secret + " in aborted output");
                }
                if (reportString.contains(secret)) {
                    leaks.add(secret + " in " + Topics.REDACTION_REPORTS);
                }
            }
        }
        assertThat(leaks).as("planted secrets in the output").isEmpty();
        note("none of %d planted secrets in the output", secrets);
    }

    // ---- producing ----

    /** Events {@code [from, to)} of every session, interleaved as live traffic: short runs of one session each. */
    private static List<Event> interleave(List<Session> sessions, int from, int to, Random random) {
        int[] next = new int[sessions.size()];
        java.util.Arrays.fill(next, from);
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < sessions.size(); i++) {
            open.add(i);
        }
        List<Event> events = new ArrayList<>();
        while (!open.isEmpty()) {
            int pick = random.nextInt(open.size());
            int s = open.get(pick);
            int run = 1 + random.nextInt(5);
            int end = Math.min(to, Math.min(next[s] + run, sessions.get(s).events().size()));
            events.addAll(sessions.get(s).events().subList(next[s], end));
            next[s] = end;
            if (end >= Math.min(to, sessions.get(s).events().size())) {
                open.remove(pick);
            }
        }
        return events;
    }

    /** {@code events} in four committed transactions, with the ghost sessions in an aborted one in between. */
    private static void produceTransactions(String bootstrap, List<Event> events, List<Session> ghosts) {
        Properties p = producerConfig(bootstrap);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, CAPTURE_TRANSACTIONAL_ID);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
            int quarter = (events.size() + 3) / 4;
            for (int t = 0; t < 4; t++) {
                producer.beginTransaction();
                for (Event e : events.subList(t * quarter, Math.min(events.size(), (t + 1) * quarter))) {
                    producer.send(new ProducerRecord<>(Topics.CAPTURE, e.getSessionId(), FRAMES.encode(e)));
                }
                producer.commitTransaction();
                if (t == 1) {
                    producer.beginTransaction();
                    for (Session g : ghosts) {
                        for (Event e : g.events()) {
                            producer.send(new ProducerRecord<>(Topics.CAPTURE, e.getSessionId(), FRAMES.encode(e)));
                        }
                    }
                    producer.flush();
                    producer.abortTransaction();
                }
            }
        }
    }

    private static Properties producerConfig(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 20 * 1024 * 1024);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        return p;
    }

    /**
     * Writes the live events as capture-service does (idempotent, acks=all), a batch every {@value #FEED_PAUSE_MS} ms,
     * on a thread of its own; {@link #hold()} pauses it after the batch in flight. It holds by itself once three
     * quarters are written, so that some traffic is left for the second instance even when the kill comes late.
     */
    private static final class Feeder implements Runnable {
        private final String bootstrap;
        private final List<Event> events;
        private final Thread thread = new Thread(this, "crash-it-feeder");
        private final AtomicInteger sent = new AtomicInteger();
        private final AtomicInteger batches = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile boolean held;
        private volatile boolean released;
        private volatile boolean stopped;

        Feeder(String bootstrap, List<Event> events) {
            this.bootstrap = bootstrap;
            this.events = events;
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        @Override
        public void run() {
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(bootstrap),
                    new StringSerializer(), new ByteArraySerializer())) {
                int selfHold = events.size() * 3 / 4;
                while (sent.get() < events.size() && !stopped) {
                    if (held || (!released && sent.get() >= selfHold)) {
                        Thread.sleep(10);
                        continue;
                    }
                    int from = sent.get();
                    int to = Math.min(events.size(), from + FEED_BATCH);
                    List<Future<RecordMetadata>> acks = new ArrayList<>();
                    for (Event e : events.subList(from, to)) {
                        acks.add(producer.send(new ProducerRecord<>(Topics.CAPTURE, e.getSessionId(),
                                FRAMES.encode(e))));
                    }
                    for (Future<RecordMetadata> ack : acks) {
                        ack.get(60, TimeUnit.SECONDS);
                    }
                    sent.set(to);
                    batches.incrementAndGet();
                    Thread.sleep(FEED_PAUSE_MS);
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }

        /** No batch after the one in flight, if any, until {@link #release()}. */
        void hold() {
            held = true;
        }

        void release() {
            released = true;
            held = false;
        }

        /** True when the feeder has nothing more to write before it is released. */
        boolean isExhausted() {
            return sent.get() >= (released ? events.size() : events.size() * 3 / 4) || !thread.isAlive();
        }

        int sent() {
            return sent.get();
        }

        int batches() {
            return batches.get();
        }

        void rethrow() {
            Throwable t = failure.get();
            if (t != null) {
                throw new IllegalStateException("writing the live events failed", t);
            }
        }

        void awaitDone(Duration timeout) throws InterruptedException {
            thread.join(timeout.toMillis());
            rethrow();
            check(!thread.isAlive() && sent.get() == events.size(),
                    "only " + sent.get() + " of " + events.size() + " live events written in " + timeout.toSeconds() + " s");
        }

        void stopNow() throws InterruptedException {
            stopped = true;
            thread.join(10_000);
        }
    }

    // ---- reading ----

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap, String isolation) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 20 * 1024 * 1024);
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(i -> new TopicPartition(topic, i.partition())).toList();
    }

    /** Every record of {@code topic} up to its end for this isolation level, partition by partition in log order. */
    private static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic, String isolation) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap, isolation)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<Integer, List<ConsumerRecord<String, byte[]>>> byPartition = new TreeMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                check(System.nanoTime() < deadline, "reading " + topic + " (" + isolation + ") to " + ends
                        + " took more than 60 s");
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() < ends.get(new TopicPartition(topic, r.partition()))) {
                        byPartition.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(r);
                    }
                }
            }
            List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
            byPartition.values().forEach(all::addAll);
            return all;
        }
    }

    // ---- small things ----

    private static Map<String, Long> offsets(Map<TopicPartition, OffsetAndMetadata> committed) {
        Map<String, Long> m = new TreeMap<>();
        committed.forEach((tp, o) -> m.put(tp.toString(), o.offset()));
        return m;
    }

    private static List<Session> concat(List<Session> a, List<Session> b) {
        List<Session> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    private long elapsedSeconds() {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
    }

    private void note(String format, Object... args) {
        String line = String.format("[crash-it %5.1fs] ", (System.nanoTime() - t0) / 1e9) + String.format(format, args);
        System.out.println(line);
        summary.append(line).append('\n');
    }
}
