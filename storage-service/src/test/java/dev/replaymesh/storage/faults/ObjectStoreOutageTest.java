package dev.replaymesh.storage.faults;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.replaymesh.contract.Topics;
import dev.replaymesh.format.FrameCodec;
import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.proto.v1.SessionSummary;
import dev.replaymesh.storage.testing.DurablePoint;
import dev.replaymesh.storage.testing.Recordings;
import dev.replaymesh.storage.testing.RetriedStream;
import dev.replaymesh.storage.testing.StoredSessions;
import dev.replaymesh.storage.testing.TopicIo;
import dev.replaymesh.store.catalog.CatalogEntries;
import dev.replaymesh.testing.DedicatedS3;
import dev.replaymesh.testing.InjectS3Server;
import dev.replaymesh.testing.S3Server;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The object store goes away for 30 s while events stream in: ingest pauses, readiness says so,
 * the committed offsets never pass what the bucket holds, and after the store is back every
 * session is stored exactly once, in order, every chunk verified, and catalogued.
 *
 * <p>Kafka is the shared mesh's, so the service's group also reads what other tests left on the
 * topic and stores it in this test's bucket; the checks look at this test's sessions only.
 */
@QuarkusTest
@WithTestResource(DedicatedS3.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObjectStoreOutageTest {

    static final int SESSIONS = 4;
    static final int EVENTS_PER_SESSION = 1200;
    /**
     * About 45 s of events: a batch of 10 per session every 300 ms, every 7th batch sent twice (a
     * client retry); the last fifth only once the store is back, so that events arrive after it.
     */
    static final RetriedStream STREAM = new RetriedStream(10, 300, 7);
    static final Duration OUTAGE = Duration.ofSeconds(30);

    @InjectS3Server
    S3Server s3;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "replay.s3.bucket")
    String bucket;

    @ConfigProperty(name = "replay.storage.ingest.group-id", defaultValue = "storage-service")
    String group;

    private final FrameCodec frames = new FrameCodec();

    /**
     * A session that cannot be loaded while the store is down holds its partition's commit back,
     * even when a record the service rejects (here a tombstone) follows it in the same poll.
     */
    @Test
    @Order(1)
    void aRejectedRecordDoesNotCarryTheCommitPastASessionThatCouldNotBeLoaded() throws Exception {
        try (Admin admin = admin(); KafkaProducer<String, byte[]> producer = producer()) {
            int partitions = admin.describeTopics(List.of(Topics.REDACTED)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(Topics.REDACTED).partitions().size();
            String first = "outage-first-" + UUID.randomUUID();
            int p = partition(first, partitions);
            String probe;
            do {
                probe = "outage-probe-" + UUID.randomUUID();
            } while (partition(probe, partitions) != p);
            DurablePoint durable = new DurablePoint(Topics.REDACTED, "demo");

            // The partition is quiet and all of it is stored and committed, up to and including `first`.
            RecordMetadata f = producer.send(new ProducerRecord<>(Topics.REDACTED, first,
                    frames.encode(Recordings.session("demo", first, 1).get(0)))).get(30, TimeUnit.SECONDS);
            assertThat(f.partition()).isEqualTo(p);
            // (The group may first have other tests' records to store: generous timeouts.)
            StoredSessions.awaitManifest(bucket(), "demo", first, m -> m.lastSeq() == 1, Duration.ofSeconds(120));
            awaitCommittedPast(admin, durable, p, f.offset(), Duration.ofSeconds(120));
            // And nothing else waits to be written, so the stop goes unnoticed until the probe comes.
            awaitMetric("replay_storage_open_chunk_bytes", 0, Duration.ofSeconds(120));

            s3.stop();
            RecordMetadata event;
            RecordMetadata tombstone;
            try {
                // One batch: the new session's first event, then a record storage rejects.
                Future<RecordMetadata> e = producer.send(new ProducerRecord<>(Topics.REDACTED, probe,
                        frames.encode(Recordings.session("demo", probe, 1).get(0))));
                Future<RecordMetadata> t = producer.send(new ProducerRecord<>(Topics.REDACTED, probe, null));
                producer.flush();
                event = e.get();
                tombstone = t.get();
                assertThat(tombstone.partition()).isEqualTo(p);
                boolean loadFailed = false;
                long end = System.nanoTime() + Duration.ofSeconds(6).toNanos();
                while (System.nanoTime() < end) {
                    Map<Integer, Long> committed = durable.committed(admin, group);
                    assertThat(committed.get(p)).as("committed offset of %s-%d while %s (at %d) cannot be loaded",
                            Topics.REDACTED, p, probe, event.offset()).isLessThanOrEqualTo(event.offset());
                    // Ingest is paused because the probe's session cannot be loaded (liveness says why).
                    loadFailed |= given().get("/q/health/live").asString().contains("loading sessions failed: GET "
                            + "sessions/demo/" + probe);
                    Thread.sleep(500);
                }
                assertThat(loadFailed).as("the service tried to load %s while the store was down", probe).isTrue();
            } finally {
                s3.start();
            }
            Manifest m = StoredSessions.awaitManifest(bucket(), "demo", probe, done -> done.lastSeq() == 1,
                    Duration.ofSeconds(90));
            assertThat(m.ingest().eventOffsets()).containsEntry(Topics.REDACTED + ":" + p, event.offset());
            awaitCommittedPast(admin, durable, p, tombstone.offset(), Duration.ofSeconds(60));
        }
    }

    @Test
    @Order(2)
    void anOutageOfThirtySecondsLosesNothingStoresNothingTwiceAndCommitsNothingUnwritten() throws Exception {
        Map<String, List<Event>> sessions = new LinkedHashMap<>();
        for (int i = 0; i < SESSIONS; i++) {
            String id = "outage-" + i + "-" + UUID.randomUUID();
            sessions.put(id, Recordings.session("demo", id, EVENTS_PER_SESSION));
        }
        DurablePoint durable = new DurablePoint(Topics.REDACTED, "demo");
        Map<String, Integer> duplicatesSent = new ConcurrentHashMap<>();
        Sampler sampler = new Sampler(durable);
        CountDownLatch storeBack = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        try (Admin admin = admin()) {
            sampler.start(admin);
            long t0 = System.nanoTime();
            CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> STREAM.send(bootstrap, sessions,
                    EVENTS_PER_SESSION, durable, duplicatesSent, storeBack, stop));

            // Before the outage the service is writing: every session has a manifest.
            for (String id : sessions.keySet()) {
                StoredSessions.awaitManifest(bucket(), "demo", id, m -> m.lastSeq() > 0, Duration.ofSeconds(30));
            }
            sleepUntil(t0, Duration.ofSeconds(8));
            assertThat(stream).as("events still arriving").isNotDone();
            s3.stop();
            sampler.storeDown = true;
            long stopped = System.nanoTime();

            awaitStatus("/q/health/ready", 503, Duration.ofSeconds(10));
            // A flush that finished just before the stop may still commit; after that nothing moves.
            Thread.sleep(2_000);
            Map<Integer, Long> atStop = durable.committed(admin, group);
            int checks = 0;
            while (System.nanoTime() - stopped < OUTAGE.toNanos()) {
                Map<Integer, Long> now = durable.committed(admin, group);
                for (Map.Entry<Integer, Long> e : now.entrySet()) {
                    assertThat(e.getValue()).as("committed offset of %s-%d while the store is down", Topics.REDACTED,
                            e.getKey()).isLessThanOrEqualTo(atStop.getOrDefault(e.getKey(), Long.MAX_VALUE));
                }
                if (checks++ % 4 == 0) {
                    given().get("/q/health/ready").then().statusCode(503);
                    // Alive, and saying why ingest waits.
                    assertThat(given().get("/q/health/live").then().statusCode(200).extract().asString())
                            .contains("paused");
                }
                Thread.sleep(500);
            }
            assertThat(stream).as("events still arriving").isNotDone();
            sampler.storeDown = false;
            s3.start();
            storeBack.countDown();
            awaitStatus("/q/health/ready", 200, Duration.ofSeconds(30));
            stream.get(120, TimeUnit.SECONDS);

            StoredSessions.Objects objects = bucket();
            for (Map.Entry<String, List<Event>> e : sessions.entrySet()) {
                String id = e.getKey();
                Manifest m = StoredSessions.awaitManifest(objects, "demo", id,
                        done -> done.lastSeq() >= EVENTS_PER_SESSION, Duration.ofSeconds(90));
                assertThat(m.lastSeq()).isEqualTo(EVENTS_PER_SESSION);
                assertThat(m.ingest().duplicates()).as("retries of %s recognised", id)
                        .isEqualTo(duplicatesSent.get(id).longValue());
                // Each chunk is checked against its manifest entry (size, SHA-256, sequence range, CRCs).
                List<Event> stored = StoredSessions.events(objects, m);
                List<Event> expected = new ArrayList<>();
                for (int i = 0; i < e.getValue().size(); i++) {
                    expected.add(e.getValue().get(i).toBuilder().setSeq(i + 1).build());
                }
                assertThat(stored).as("events of %s", id).containsExactlyElementsOf(expected);
                // The catalog has the final state: the entry made from the final manifest.
                byte[] entry = TopicIo.awaitLast(bootstrap, Topics.SESSIONS, id,
                        v -> v != null && SessionSummary.parseFrom(v).getEventCount() == EVENTS_PER_SESSION,
                        Duration.ofSeconds(30));
                assertThat(SessionSummary.parseFrom(entry)).isEqualTo(CatalogEntries.of(m));
            }

            // Everything sent is committed now, and still nothing past what is stored.
            for (Map.Entry<Integer, Long> last : durable.lastSent().entrySet()) {
                awaitCommittedPast(admin, durable, last.getKey(), last.getValue(), Duration.ofSeconds(30));
            }
            assertThat(durable.violations(durable.committed(admin, group), objects)).isEmpty();
        } finally {
            stop.set(true);
            storeBack.countDown();
            sampler.stop();
        }
        assertThat(sampler.violations).as("committed offsets past the durable point").isEmpty();
        assertThat(sampler.checkedUp.get()).as("samples while the store was up").isGreaterThanOrEqualTo(10);
        assertThat(sampler.checkedDown.get()).as("samples while the store was down").isGreaterThanOrEqualTo(30);
    }

    /**
     * Every 500 ms: the group's committed offsets, then the manifests of the test's sessions (from
     * the server, or, while it is stopped, from its files: exactly what it acknowledged).
     */
    private final class Sampler {
        final DurablePoint durable;
        final List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger checkedUp = new AtomicInteger();
        final AtomicInteger checkedDown = new AtomicInteger();
        volatile boolean storeDown;
        private ScheduledExecutorService timer;

        Sampler(DurablePoint durable) {
            this.durable = durable;
        }

        void start(Admin admin) {
            StoredSessions.Objects up = bucket();
            StoredSessions.Objects down = StoredSessions.onDisk(s3.dataDir(), bucket);
            timer = Executors.newSingleThreadScheduledExecutor();
            timer.scheduleWithFixedDelay(() -> {
                boolean wasDown = storeDown;
                try {
                    Map<Integer, Long> committed = durable.committed(admin, group);
                    List<String> v = durable.violations(committed, wasDown ? down : up);
                    if (wasDown != storeDown) {
                        return; // the store changed state while sampling
                    }
                    violations.addAll(v);
                    (wasDown ? checkedDown : checkedUp).incrementAndGet();
                } catch (Exception e) {
                    // The server going down or coming back while reading: skip this sample.
                }
            }, 0, 500, TimeUnit.MILLISECONDS);
        }

        void stop() throws InterruptedException {
            if (timer != null) {
                timer.shutdownNow();
                timer.awaitTermination(15, TimeUnit.SECONDS);
            }
        }
    }

    private void awaitCommittedPast(Admin admin, DurablePoint durable, int partition, long offset, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Long committed = null;
        while (System.nanoTime() < deadline) {
            committed = durable.committed(admin, group).get(partition);
            if (committed != null && committed > offset) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("committed offset of " + Topics.REDACTED + "-" + partition + " not past " + offset
                + " within " + timeout + "; last " + committed);
    }

    private static void awaitMetric(String name, double value, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Double last = null;
        while (System.nanoTime() < deadline) {
            for (String line : given().get("/q/metrics").asString().split("\n")) {
                if (line.startsWith(name + " ")) {
                    last = Double.parseDouble(line.substring(name.length() + 1).trim());
                }
            }
            if (last != null && last == value) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(name + " not " + value + " within " + timeout + "; last " + last);
    }

    private static void awaitStatus(String path, int status, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = given().get(path).statusCode();
            if (last == status) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " answered " + last + ", not " + status + ", for " + timeout);
    }

    private static void sleepUntil(long t0, Duration elapsed) throws InterruptedException {
        long left = t0 + elapsed.toNanos() - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    /** The partition Kafka's default partitioner gives a key. */
    private static int partition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private StoredSessions.Objects bucket() {
        return StoredSessions.s3(s3.endpoint(), bucket);
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
    }

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }
}
