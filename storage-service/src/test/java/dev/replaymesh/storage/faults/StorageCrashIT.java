package dev.replaymesh.storage.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replaymesh.contract.Topics;
import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.format.session.ObjectKeys;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.proto.v1.SessionSummary;
import dev.replaymesh.storage.testing.DurablePoint;
import dev.replaymesh.storage.testing.Recordings;
import dev.replaymesh.storage.testing.RetriedStream;
import dev.replaymesh.storage.testing.StorageApp;
import dev.replaymesh.storage.testing.StoredSessions;
import dev.replaymesh.storage.testing.TopicIo;
import dev.replaymesh.store.catalog.CatalogEntries;
import dev.replaymesh.testing.KafkaBroker;
import dev.replaymesh.testing.PackagedService;
import dev.replaymesh.testing.S3Server;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * The packaged storage service killed with SIGKILL three times while events stream in and it
 * writes (as a chunk is written, as a manifest is written, between two flushes), each time
 * started again: every session ends up stored exactly once, in order, with verified chunks and
 * its final catalog entry, and at no moment (sampled every 500 ms, and at each kill) had the
 * service committed an offset past what the bucket holds. Runs against a broker and an S3 server
 * of its own; the replicas' output goes to target/storage-crash-it/.
 */
class StorageCrashIT {

    static final int SESSIONS = 5;
    static final int PARTITIONS = 3;
    static final int EVENTS_PER_SESSION = 1500;
    /**
     * A batch of 10 events per session every 300 ms, every 5th batch sent twice (a client retry);
     * the last fifth only once the kills are done, so that events arrive after every restart.
     */
    static final RetriedStream STREAM = new RetriedStream(10, 300, 5);
    static final String GROUP = "storage-service";
    static final Path LOGS = Path.of("target/storage-crash-it");
    /**
     * Where each kill lands: as a chunk object is being written (before its manifest); as a
     * manifest is being written (before the catalog entry and the commit, so the next run reads
     * stored events again); half a second after a flush (between flushes, events buffered).
     */
    enum Kill {
        CHUNK_BEING_WRITTEN, MANIFEST_BEING_WRITTEN, BETWEEN_FLUSHES
    }

    static final List<Kill> KILLS = List.of(Kill.CHUNK_BEING_WRITTEN, Kill.MANIFEST_BEING_WRITTEN,
            Kill.BETWEEN_FLUSHES);
    /**
     * A killed replica stays in the group until its session times out; the next one gets the
     * partitions only then. Kafka's 45 s default would make the test wait minutes.
     */
    static final Map<String, String> APP_CONFIG = Map.of(
            "replay.storage.ingest.consumer.session.timeout.ms", "6000",
            "replay.storage.ingest.consumer.heartbeat.interval.ms", "1000");
    static final String CHUNKS_WRITTEN = "replay_storage_chunks_written_total";
    static final String ALREADY_STORED = "replay_storage_events_total{outcome=\"already-stored\"}";

    private PackagedService app;
    private int runs;

    @Test
    void killedMidWriteThreeTimesItStoresEverySessionExactlyOnce() throws Exception {
        long t0 = System.nanoTime();
        try (KafkaBroker kafka = KafkaBroker.startNew(); S3Server s3 = S3Server.startNew("replay");
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000))) {
            kafka.createMeshTopics(PARTITIONS);
            Map<String, List<Event>> sessions = new LinkedHashMap<>();
            for (int i = 0; i < SESSIONS; i++) {
                // Spread over the partitions, so that every partition's commit is tested.
                String id;
                do {
                    id = "crash-" + i + "-" + UUID.randomUUID();
                } while (partition(id) != i % PARTITIONS);
                sessions.put(id, Recordings.session("demo", id, EVENTS_PER_SESSION));
            }
            StoredSessions.Objects bucket = StoredSessions.s3(s3.endpoint(), "replay");
            DurablePoint durable = new DurablePoint(Topics.REDACTED, "demo");
            Map<String, Integer> duplicatesSent = new ConcurrentHashMap<>();
            List<String> violations = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger samples = new AtomicInteger();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            CountDownLatch killsDone = new CountDownLatch(1);
            AtomicBoolean stop = new AtomicBoolean();
            try {
                app = start(kafka, s3);
                // Offsets first, manifests after: a record missing from a manifest was missing then.
                sampler.scheduleWithFixedDelay(() -> {
                    try {
                        violations.addAll(durable.violations(durable.committed(admin, GROUP), bucket));
                        samples.incrementAndGet();
                    } catch (Exception e) {
                        // A slow answer: skip this sample.
                    }
                }, 0, 500, TimeUnit.MILLISECONDS);
                CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> STREAM.send(kafka.bootstrapServers(),
                        sessions, EVENTS_PER_SESSION, durable, duplicatesSent, killsDone, stop));
                for (int k = 0; k < KILLS.size(); k++) {
                    Kill kill = KILLS.get(k);
                    // This replica has partitions and has written (so it is past what it read again).
                    double written = awaitMetric(CHUNKS_WRITTEN, 0, Duration.ofSeconds(60));
                    double replayed = app.metric(ALREADY_STORED);
                    switch (kill) {
                        case CHUNK_BEING_WRITTEN -> awaitWrite(s3, sessions.keySet(), "chunks", Duration.ofSeconds(20));
                        case MANIFEST_BEING_WRITTEN -> awaitWrite(s3, sessions.keySet(), ObjectKeys.MANIFEST,
                                Duration.ofSeconds(20));
                        case BETWEEN_FLUSHES -> {
                            awaitMetric(CHUNKS_WRITTEN, written, Duration.ofSeconds(20));
                            Thread.sleep(450);
                        }
                    }
                    app.kill();
                    assertThat(stream).as("events still arriving at kill %d", k + 1).isNotDone();
                    Map<Integer, Long> committed = durable.committed(admin, GROUP);
                    List<String> atKill = durable.violations(committed, bucket);
                    System.out.printf("StorageCrashIT: kill %d (%s) at %.1f s: run %d had skipped %.0f stored events"
                            + " by its first write; committed %s; %d events stored past that (the next run skips them);"
                            + " %d chunk objects no manifest names%n", k + 1, kill, seconds(t0), runs, replayed,
                            committed, durable.storedNotCommitted(committed, bucket),
                            unnamedChunks(s3, sessions.keySet()).size());
                    assertThat(atKill).as("committed offsets past the durable point at kill %d", k + 1).isEmpty();
                    app = start(kafka, s3);
                }
                killsDone.countDown();
                stream.get(120, TimeUnit.SECONDS);

                for (Map.Entry<String, List<Event>> e : sessions.entrySet()) {
                    String id = e.getKey();
                    Manifest m = StoredSessions.awaitManifest(bucket, "demo", id,
                            done -> done.lastSeq() >= EVENTS_PER_SESSION, Duration.ofSeconds(120));
                    assertThat(m.lastSeq()).as("events stored of %s", id).isEqualTo(EVENTS_PER_SESSION);
                    assertThat(m.ingest().duplicates()).as("retries of %s recognised", id)
                            .isEqualTo(duplicatesSent.get(id).longValue());
                    // Each chunk is checked against its manifest entry (size, SHA-256, sequence range, CRCs).
                    List<Event> stored = StoredSessions.events(bucket, m);
                    List<Event> expected = new ArrayList<>();
                    for (int i = 0; i < e.getValue().size(); i++) {
                        expected.add(e.getValue().get(i).toBuilder().setSeq(i + 1).build());
                    }
                    assertThat(stored).as("events of %s", id).containsExactlyElementsOf(expected);
                    byte[] entry = TopicIo.awaitLast(kafka.bootstrapServers(), Topics.SESSIONS, id,
                            v -> v != null && SessionSummary.parseFrom(v).getEventCount() == EVENTS_PER_SESSION,
                            Duration.ofSeconds(30));
                    assertThat(SessionSummary.parseFrom(entry)).as("catalog entry of %s", id)
                            .isEqualTo(CatalogEntries.of(m));
                }
                // Everything is committed in the end, and nothing past what is stored.
                for (Map.Entry<Integer, Long> last : durable.lastSent().entrySet()) {
                    awaitCommittedPast(admin, durable, last.getKey(), last.getValue());
                }
                assertThat(durable.violations(durable.committed(admin, GROUP), bucket)).isEmpty();

                // Chunks written just before a kill whose manifest was not: ignored by readers.
                List<String> unnamed = unnamedChunks(s3, sessions.keySet());
                System.out.printf("StorageCrashIT: %d runs, %d offset samples, %d chunk objects no manifest names"
                        + " %s; the last run skipped %.0f stored events; %.1f s%n", runs, samples.get(),
                        unnamed.size(), unnamed, app.metric(ALREADY_STORED), seconds(t0));
            } finally {
                stop.set(true);
                killsDone.countDown();
                sampler.shutdownNow();
                sampler.awaitTermination(15, TimeUnit.SECONDS);
                if (app != null) {
                    app.close();
                }
            }
            assertThat(violations).as("committed offsets past the durable point").isEmpty();
            assertThat(samples.get()).as("offset samples").isGreaterThanOrEqualTo(40);
        }
    }

    private PackagedService start(KafkaBroker kafka, S3Server s3) throws Exception {
        runs++;
        return StorageApp.start(kafka, s3, LOGS.resolve("storage-" + runs + ".log"), APP_CONFIG);
    }

    /** Waits until the running replica's metric is above {@code above}; returns its value. */
    private double awaitMetric(String name, double above, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(app.isAlive()).as("storage-service run %d is up (see %s)", runs, LOGS).isTrue();
            double v = app.metric(name);
            if (v > above) {
                return v;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(name + " of run " + runs + " not above " + above + " within " + timeout + "; see "
                + LOGS);
    }

    private void awaitCommittedPast(Admin admin, DurablePoint durable, int partition, long offset) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Long committed = null;
        while (System.nanoTime() < deadline) {
            committed = durable.committed(admin, GROUP).get(partition);
            if (committed != null && committed > offset) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("committed offset of " + Topics.REDACTED + "-" + partition + " not past " + offset
                + "; last " + committed);
    }

    /**
     * Returns as soon as the S3 server's files show a write of a chunk ({@code what} = "chunks")
     * or of a manifest ({@code what} = "manifest.json") of one of the sessions. s3proxy keeps a
     * bucket as plain files ({@code <data>/objects/<bucket>/<key>}), so this sees the write as it
     * happens, before the service has its answer.
     */
    private static void awaitWrite(S3Server s3, Set<String> sessions, String what, Duration timeout)
            throws Exception {
        Path root = s3.dataDir().resolve("objects/replay/sessions/demo");
        boolean chunks = what.equals("chunks");
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            int dirs = 0;
            for (String id : sessions) {
                List<Path> watched = new ArrayList<>();
                if (!chunks) {
                    watched.add(root.resolve(id));
                } else if (Files.isDirectory(root.resolve(id).resolve("chunks"))) {
                    try (Stream<Path> days = Files.list(root.resolve(id).resolve("chunks"))) {
                        watched.addAll(days.toList());
                    }
                }
                for (Path dir : watched) {
                    if (Files.isDirectory(dir)) {
                        dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
                        dirs++;
                    }
                }
            }
            assertThat(dirs).as("folders of the sessions under %s", root).isPositive();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                WatchKey key = watch.poll(left, TimeUnit.MILLISECONDS);
                if (key == null) {
                    break;
                }
                for (var event : key.pollEvents()) {
                    // Anything in a chunk folder is a chunk; next to the manifest there is also the chunk folder.
                    if (chunks || String.valueOf(event.context()).equals(what)) {
                        return;
                    }
                }
                key.reset();
            }
            throw new AssertionError("no " + what + " written within " + timeout);
        }
    }

    /** Chunk objects of the sessions that no manifest names. */
    private static List<String> unnamedChunks(S3Server s3, Set<String> sessions) throws Exception {
        MinioClient client = MinioClient.builder().endpoint(s3.endpoint()).credentials("minioadmin", "minioadmin")
                .build();
        StoredSessions.Objects bucket = StoredSessions.s3(s3.endpoint(), "replay");
        Set<String> named = new HashSet<>();
        for (String id : sessions) {
            StoredSessions.manifest(bucket, "demo", id).ifPresent(m -> m.chunks().forEach(c -> named.add(c.key())));
            named.add(ObjectKeys.manifest("demo", id));
        }
        List<String> unnamed = new ArrayList<>();
        for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket("replay")
                .prefix("sessions/demo/crash-").recursive(true).build())) {
            String key = r.get().objectName();
            if (!named.contains(key)) {
                unnamed.add(key);
            }
        }
        return unnamed;
    }

    private static int partition(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
