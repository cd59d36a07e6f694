package dev.replaymesh.storage.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replaymesh.contract.SessionIds;
import dev.replaymesh.contract.report.RedactionReport;
import dev.replaymesh.contract.report.RedactionReportCodec;
import dev.replaymesh.format.FormatException;
import dev.replaymesh.format.FrameCodec;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.storage.catalog.CatalogPublisher;
import dev.replaymesh.storage.config.StorageConfig;
import dev.replaymesh.storage.deletion.DeletionRequest;
import dev.replaymesh.storage.deletion.SessionDeleter;
import dev.replaymesh.storage.dictionary.ProjectDictionaries;
import dev.replaymesh.storage.session.FlushPlan;
import dev.replaymesh.storage.session.SessionLoader;
import dev.replaymesh.storage.session.SessionState;
import dev.replaymesh.store.SessionKey;
import dev.replaymesh.store.objectstore.ObjectStoreException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

/**
 * The storage service's consumer: reads redacted events and redaction reports, buffers each
 * session's next chunk, writes chunks and manifests when they are due, and commits an offset only
 * once everything before it is in the bucket and in the catalog.
 *
 * <p>It runs its own {@link KafkaConsumer} on one thread rather than a Reactive Messaging channel
 * because it must decide exactly which offset to commit per partition (held back by the oldest
 * unwritten session), write what it holds inside the rebalance callback before the partition
 * moves, and pause all partitions while the object store is down. All session state is touched
 * by this thread only; writes run on {@link Flusher}'s pool while it reads on, one per session at
 * a time, each on a {@link dev.replaymesh.storage.session.PendingWrite} taken from its session.
 */
@ApplicationScoped
public class IngestLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(IngestLoop.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(60);

    private final StorageConfig config;
    private final Map<String, Object> kafkaConfig;
    private final SessionLoader loader;
    private final Flusher flusher;
    private final SessionDeleter deleter;
    private final CatalogPublisher catalog;
    private final ProjectDictionaries dictionaries;
    private final ObjectMapper json = new ObjectMapper();
    private final StorageMetrics metrics;
    private final FrameCodec frames = new FrameCodec(FrameCodec.DEFAULT_MAX_BODY_LENGTH);
    private final RedactionReportCodec reports = new RedactionReportCodec();
    private final SessionTable sessions = new SessionTable();
    private final OffsetLedger ledger = new OffsetLedger();
    private final ExecutorService loaders = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "storage-loader");
        t.setDaemon(true);
        return t;
    });

    private KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    private volatile boolean stopping;
    private volatile boolean running;
    private volatile String trouble;
    private volatile long lastPollMs;
    private final Set<Integer> owned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile int partitionCount;
    private Backoff backoff;
    private long nextAttemptMs;
    private long lastCommitMs;
    private long lastFlushMs;
    /** Writes in flight, oldest first; their sessions are {@link SessionState#writing}. */
    private final List<Write> inFlight = new ArrayList<>();
    /** Catalog publications in flight, and their sessions (which start no write meanwhile). */
    private final List<Publication> publications = new ArrayList<>();
    /** Sessions written (or loaded) whose catalog entry is to be published next; none is in flight. */
    private final List<SessionState> toPublish = new ArrayList<>();
    private final int maxInFlight;
    private final CompressionPace pace;

    public IngestLoop(StorageConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            SessionLoader loader, Flusher flusher, SessionDeleter deleter, CatalogPublisher catalog,
            ProjectDictionaries dictionaries, StorageMetrics metrics) {
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.loader = loader;
        this.flusher = flusher;
        this.deleter = deleter;
        this.catalog = catalog;
        this.dictionaries = dictionaries;
        this.metrics = metrics;
        // Enough to keep every writer busy while the ingest thread reads on, not a backlog.
        this.maxInFlight = 4 * config.ingest().writeConcurrency();
        this.pace = new CompressionPace(config.chunk().compressionLevel(), config.chunk().catchUpLevel(),
                config.chunk().catchUpLag());
    }

    void onStart(@Observes StartupEvent event) {
        backoff = new Backoff(config.retry().initialBackoff(), config.retry().maxBackoff());
        consumer = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), new ByteArrayDeserializer());
        metrics.bind(consumer);
        thread = new Thread(this, "storage-ingest");
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        stopping = true;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        }
        loaders.shutdownNow();
    }

    /** True while the loop polls Kafka. */
    public boolean running() {
        return running;
    }

    /** Why ingest is paused (the object store or the catalog failing), or {@code null}. */
    public String trouble() {
        return trouble;
    }

    public long lastPollMs() {
        return lastPollMs;
    }

    /** True if this replica stores the session now: its partition is assigned here. */
    public boolean stores(String sessionId) {
        int n = partitionCount;
        return n > 0 && owned.contains(Utils.toPositive(Utils.murmur2(sessionId.getBytes(StandardCharsets.UTF_8))) % n);
    }

    Map<String, Object> consumerConfig() {
        Map<String, Object> c = new HashMap<>();
        kafkaConfig.forEach((k, v) -> {
            if (k.equals("bootstrap.servers") || k.startsWith("security.") || k.startsWith("sasl.")
                    || k.startsWith("ssl.")) {
                c.put(k, v);
            }
        });
        // Events up to 16 MB: one must fit in a fetch; the fetch bounds what one poll holds in memory.
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 20 * 1024 * 1024);
        c.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 50 * 1024 * 1024);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        c.putAll(config.ingest().consumer());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, config.ingest().groupId());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Only what redaction committed: an aborted transaction's events were never redacted for good.
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Range gives a replica the same partition of both topics: a session's events and reports meet.
        c.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        return c;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(config.ingest().eventsTopic(), config.ingest().reportsTopic(),
                    config.ingest().deletionsTopic()), new Rebalance());
            partitionCount = consumer.partitionsFor(config.ingest().eventsTopic()).size();
            running = true;
            while (!stopping) {
                long now = System.currentTimeMillis();
                ConsumerRecords<String, byte[]> records;
                try {
                    records = consumer.poll(POLL);
                } catch (WakeupException e) {
                    break;
                }
                lastPollMs = now;
                if (!records.isEmpty()) {
                    handle(records, now);
                }
                pace.observe(eventsBehind());
                if (trouble == null) {
                    if (!complete(false)) {
                        enterTrouble("writing sessions failed", now);
                    } else {
                        flushDue(now, false);
                    }
                } else if (now >= nextAttemptMs) {
                    retry(now);
                }
                commitIfDue(now, false);
                dictionaries.maintain(now);
                metrics.holding(sessions.openBytes(), sessions.size());
                metrics.compressingAt(pace.level());
            }
            shutDown();
        } catch (RuntimeException e) {
            LOG.error("storage ingest stopped", e);
            trouble = "ingest stopped: " + e;
        } finally {
            running = false;
            consumer.close(Duration.ofSeconds(10));
        }
    }

    private void handle(ConsumerRecords<String, byte[]> records, long now) {
        Map<TopicPartition, Long> firstOffsets = new HashMap<>();
        List<Incoming> incoming = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> r : records) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            firstOffsets.putIfAbsent(tp, r.offset());
            Incoming in = decode(r, tp);
            // A rejected record keeps its place: it counts as processed only once everything before
            // it in its partition is applied, or a failed load below would let the commit pass them.
            incoming.add(in != null ? in : new Incoming(null, tp, r.offset(), null, null, null));
        }
        try {
            loadNew(incoming, now);
            backoff.reset();
        } catch (ObjectStoreException e) {
            // Nothing of this poll was applied: read it again once the store answers.
            firstOffsets.forEach(consumer::seek);
            enterTrouble("loading sessions failed: " + e.getMessage(), now);
            return;
        }
        Map<TopicPartition, Long> unapplied = new HashMap<>(firstOffsets);
        for (Incoming in : incoming) {
            try {
                apply(in, now);
            } catch (ObjectStoreException | CatalogException e) {
                // A deletion could not be carried out: read again from here once the store answers.
                unapplied.forEach(consumer::seek);
                enterTrouble("deleting " + in.key + " failed: " + e.getMessage(), now);
                return;
            }
            unapplied.put(in.tp, in.offset + 1);
        }
    }

    private void apply(Incoming in, long now) {
        if (in.key == null) {
            ledger.processed(in.tp, in.offset);
            return;
        }
        if (in.deletion != null) {
            SessionState held = sessions.get(in.key);
            if (held != null && held.writing()) {
                // Its write must land before the objects go, or it would bring some back.
                complete(true);
            }
            sessions.remove(in.key);
            deleter.deleteObjects(in.key.project(), in.key.sessionId());
            try {
                catalog.forget(List.of(in.key.sessionId()), Duration.ofSeconds(30));
            } catch (RuntimeException e) {
                throw new CatalogException(e);
            }
            ledger.processed(in.tp, in.offset);
            return;
        }
        SessionState s = sessions.get(in.key);
        if (in.event != null) {
            switch (s.addEvent(in.event, in.tp, in.offset, now)) {
                case BUFFERED -> {
                    metrics.stored();
                    dictionaries.sample(in.key.project(), in.key.sessionId(), in.event, now);
                }
                case DUPLICATE -> metrics.duplicate();
                case ALREADY_STORED -> metrics.alreadyStored();
                default -> throw new IllegalStateException();
            }
        } else {
            s.addReport(in.report, in.tp, in.offset, now);
        }
        ledger.processed(in.tp, in.offset);
    }

    /** Reads, in parallel, what the bucket has of sessions this replica does not hold yet. */
    private void loadNew(List<Incoming> incoming, long now) {
        Map<SessionKey, Integer> fresh = new LinkedHashMap<>();
        for (Incoming in : incoming) {
            if (in.key != null && in.deletion == null && sessions.get(in.key) == null) {
                fresh.putIfAbsent(in.key, in.tp.partition());
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        Map<SessionKey, Future<SessionLoader.Loaded>> loads = new LinkedHashMap<>();
        fresh.keySet().forEach(k -> loads.put(k, loaders.submit(() -> loader.load(k))));
        Map<SessionKey, SessionLoader.Loaded> loaded = new HashMap<>();
        for (Map.Entry<SessionKey, Future<SessionLoader.Loaded>> e : loads.entrySet()) {
            try {
                loaded.put(e.getKey(), e.getValue().get(LOAD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            } catch (ExecutionException ex) {
                loads.values().forEach(f -> f.cancel(true));
                if (ex.getCause() instanceof ObjectStoreException ose) {
                    throw ose;
                }
                throw new ObjectStoreException("loading " + e.getKey() + " failed: " + ex.getCause(), ex.getCause());
            } catch (java.util.concurrent.TimeoutException ex) {
                loads.values().forEach(f -> f.cancel(true));
                throw new ObjectStoreException("loading " + e.getKey() + " timed out", ex);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new ObjectStoreException("interrupted", ex);
            }
        }
        loaded.forEach((k, l) -> {
            SessionState s = new SessionState(k, l.manifest(), l.recent(), config.session().dedupWindow(), frames,
                    config.chunk().maxBytes().asLongValue(), sessions.held(), now);
            sessions.put(s, fresh.get(k));
            if (s.catalogPending()) {
                // Loaded after a restart or rebalance: the catalog may lack its last state.
                toPublish.add(s);
            }
        });
    }

    /** Events between the consumer's position and the ends of its partitions, as of the last fetch. */
    private long eventsBehind() {
        long behind = 0;
        for (TopicPartition tp : consumer.assignment()) {
            if (tp.topic().equals(config.ingest().eventsTopic())) {
                behind += consumer.currentLag(tp).orElse(0);
            }
        }
        return behind;
    }

    private Incoming decode(ConsumerRecord<String, byte[]> r, TopicPartition tp) {
        if (r.value() == null) {
            metrics.rejected("null-value");
            return null;
        }
        try {
            if (r.topic().equals(config.ingest().eventsTopic())) {
                Event e = frames.decode(r.value());
                if (!SessionIds.isValid(e.getSessionId()) || !SessionIds.isValid(e.getProject())) {
                    return reject(r, "bad-session", "project or session id not [A-Za-z0-9_-]{1,128}");
                }
                return new Incoming(new SessionKey(e.getProject(), e.getSessionId()), tp, r.offset(), e, null, null);
            }
            if (r.topic().equals(config.ingest().deletionsTopic())) {
                DeletionRequest d = json.readValue(r.value(), DeletionRequest.class);
                if (!SessionIds.isValid(d.sessionId()) || !SessionIds.isValid(d.project())) {
                    return reject(r, "bad-session", "project or session id not [A-Za-z0-9_-]{1,128}");
                }
                return new Incoming(new SessionKey(d.project(), d.sessionId()), tp, r.offset(), null, null, d);
            }
            RedactionReport report = reports.read(r.value());
            if (!SessionIds.isValid(report.sessionId()) || !SessionIds.isValid(report.project())) {
                return reject(r, "bad-session", "project or session id not [A-Za-z0-9_-]{1,128}");
            }
            return new Incoming(new SessionKey(report.project(), report.sessionId()), tp, r.offset(), null, report, null);
        } catch (FormatException e) {
            return reject(r, "corrupt-frame", e.getMessage());
        } catch (IllegalArgumentException | java.io.IOException e) {
            return reject(r, "bad-report", e.getMessage());
        }
    }

    private Incoming reject(ConsumerRecord<String, byte[]> r, String reason, String detail) {
        metrics.rejected(reason);
        LOG.errorf("skipping record %s-%d@%d (key %s): %s", r.topic(), r.partition(), r.offset(), r.key(), detail);
        return null;
    }

    /**
     * Starts the writes that are due: full or old chunks, ended sessions, the largest when memory
     * runs short. Due sessions are gathered for {@code flush-interval} and started together, each
     * chunk a little before its {@code max-age} rather than after; {@code retry} starts them now.
     * A session has one write at a time, and none while its catalog entry is pending. When the
     * held chunks pass {@code max-buffered-bytes} the ingest thread waits for writes to finish.
     *
     * @return how many writes were started
     */
    private int flushDue(long now, boolean retry) {
        long limit = config.ingest().maxBufferedBytes().asLongValue();
        long open = sessions.openBytes();
        long interval = config.ingest().flushInterval().toMillis();
        int started = 0;
        if (retry || open > limit || now - lastFlushMs >= interval) {
            lastFlushMs = now;
            long maxAge = Math.max(0, config.chunk().maxAge().toMillis() - interval);
            List<SessionState> due = sessions.where(s -> s.hasChanges() && !s.writing() && !s.catalogPending()
                    && (s.hasFullChunk() || now - s.changedSinceMs() >= maxAge || s.endRequested()));
            if (open > limit) {
                Set<SessionState> chosen = new HashSet<>(due);
                List<SessionState> bySize = sessions.where(s -> s.hasChanges() && !s.writing() && !s.catalogPending()
                        && !chosen.contains(s));
                bySize.sort(Comparator.comparingLong(SessionState::openBytes).reversed());
                long pending = open;
                for (SessionState s : bySize) {
                    if (pending <= limit * 3 / 4) {
                        break;
                    }
                    due.add(s);
                    pending -= s.openBytes();
                }
            }
            for (SessionState s : due) {
                if (inFlight.size() >= maxInFlight) {
                    break;
                }
                inFlight.add(new Write(s, flusher.submit(s.beginWrite(), pace.level(), now)));
                started++;
            }
        }
        // Back-pressure: what is held, written or not, stays within the limit.
        while (sessions.openBytes() > limit && !inFlight.isEmpty()) {
            try {
                awaitQuietly(inFlight.get(0).done());
            } catch (ExecutionException e) {
                // Taken in (as a failure) by complete below.
            }
            if (!complete(false)) {
                enterTrouble("writing sessions failed", now);
                break;
            }
        }
        evictIdle(now);
        return started;
    }

    /** After a failure, at the backoff's time: write again what is due; resume once that works. */
    private void retry(long now) {
        if (!inFlight.isEmpty()) {
            if (complete(false)) {
                if (inFlight.isEmpty()) {
                    backoff.reset();
                    resume();
                }
            } else {
                enterTrouble("writing sessions failed", now);
            }
            return;
        }
        if (!complete(false)) {
            // The catalog still does not take the entries of sessions already written.
            enterTrouble("publishing catalog entries failed", now);
            return;
        }
        if (flushDue(now, true) == 0) {
            // Nothing was due (a failed load or deletion): read on and see.
            resume();
        } else {
            // Resumed when these writes succeed (above).
            nextAttemptMs = now;
        }
    }

    /**
     * Takes in the writes and catalog publications that finished (all of them, waiting, if
     * {@code wait}), then starts publishing the catalog entries of the sessions written since.
     * False if a write or a publication failed; the sessions concerned keep what they hold, to be
     * written or published again.
     */
    private boolean complete(boolean wait) {
        boolean ok = true;
        for (java.util.Iterator<Write> it = inFlight.iterator(); it.hasNext(); ) {
            Write w = it.next();
            if (!wait && !w.done().isDone()) {
                continue;
            }
            it.remove();
            try {
                w.session().written(awaitQuietly(w.done()));
                toPublish.add(w.session());
            } catch (ExecutionException e) {
                ok = false;
                w.session().writeFailed();
                metrics.writeFailed();
                LOG.warnf("writing session %s failed, will retry: %s", w.session().key(), e.getCause().getMessage());
            }
        }
        ok &= takeInPublications(wait);
        // Sessions removed meanwhile (deleted, partition gone) are not published.
        List<SessionState> written = toPublish.stream().filter(s -> sessions.get(s.key()) == s).toList();
        toPublish.clear();
        if (!written.isEmpty()) {
            publications.add(new Publication(written, flusher.publish(written)));
            if (wait) {
                ok &= takeInPublications(true);
            }
        }
        return ok;
    }

    private boolean takeInPublications(boolean wait) {
        boolean ok = true;
        for (java.util.Iterator<Publication> it = publications.iterator(); it.hasNext(); ) {
            Publication p = it.next();
            if (!wait && !p.done().isDone()) {
                continue;
            }
            it.remove();
            try {
                p.done().join();
                p.sessions().forEach(SessionState::catalogued);
            } catch (RuntimeException e) {
                ok = false;
                toPublish.addAll(p.sessions());
                LOG.warnf("publishing %d catalog entries failed, will retry: %s", p.sessions().size(), e.getMessage());
            }
        }
        return ok;
    }

    /** Waits for a write, through interrupts (a write in flight must be taken in, or its session is lost). */
    private static FlushPlan awaitQuietly(Future<FlushPlan> done) throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return done.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Writes the given sessions now and waits for them and their catalog entries (rebalance,
     * shutdown). False if something of them is still not durable.
     */
    private boolean writeNow(Collection<SessionState> which, long now) {
        boolean ok = complete(true);
        for (SessionState s : which) {
            if (s.hasChanges() && !s.writing() && !s.catalogPending()) {
                inFlight.add(new Write(s, flusher.submit(s.beginWrite(), pace.level(), now)));
            }
        }
        ok &= complete(true);
        return ok && which.stream().noneMatch(s -> s.hasChanges() || s.catalogPending());
    }

    /** Sessions written, catalogued and quiet leave memory; the bucket has all of them. */
    private void evictIdle(long now) {
        long idle = config.session().inactivityTimeout().toMillis();
        for (SessionState s : sessions.where(s -> !s.hasChanges() && !s.writing() && !s.catalogPending()
                && !s.holdsOffsets() && (s.endRequested() || now - s.lastRecordMs() >= idle))) {
            sessions.remove(s.key());
        }
    }

    private void commitIfDue(long now, boolean force) {
        if (!force && now - lastCommitMs < config.ingest().commitInterval().toMillis()) {
            return;
        }
        commit(consumer.assignment());
        lastCommitMs = now;
    }

    private void commit(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> commits = ledger.commits(partitions,
                sessions.where(SessionState::holdsOffsets));
        if (commits.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(commits, Duration.ofSeconds(15));
            ledger.committed(commits);
        } catch (RuntimeException e) {
            // Not committing only means reading again what is already stored, which is skipped.
            LOG.warnf("offset commit failed, will retry: %s", e.toString());
        }
    }

    private void enterTrouble(String why, long now) {
        if (trouble == null) {
            LOG.warnf("pausing ingest: %s", why);
            consumer.pause(consumer.assignment());
        }
        trouble = why;
        nextAttemptMs = now + backoff.next();
    }

    private void resume() {
        if (trouble != null) {
            LOG.infof("resuming ingest after: %s", trouble);
            trouble = null;
            consumer.resume(consumer.paused());
        }
    }

    /** Writes everything before leaving the group, so the next owner starts where this one ended. */
    private void shutDown() {
        List<SessionState> all = new ArrayList<>(sessions.where(s -> s.hasChanges() || s.catalogPending()
                || s.writing()));
        if (!writeNow(all, System.currentTimeMillis())) {
            LOG.warn("shutting down with sessions not written; their records will be read again");
        }
        commit(consumer.assignment());
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Set<Integer> ps = new HashSet<>();
            partitions.forEach(tp -> ps.add(tp.partition()));
            List<SessionState> leaving = sessions.inPartitions(ps);
            List<SessionState> unwritten = leaving.stream()
                    .filter(s -> s.hasChanges() || s.catalogPending() || s.writing()).toList();
            if (!writeNow(unwritten, System.currentTimeMillis())) {
                LOG.warnf("partitions %s leave with sessions not written; the next owner reads them again", ps);
            }
            commit(partitions);
            leaving.forEach(s -> sessions.remove(s.key()));
            ledger.forget(partitions);
            owned.removeAll(ps);
            LOG.infof("partitions %s revoked: wrote %d sessions, handed over %d", ps, unwritten.size(), leaving.size());
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            LOG.warnf("partitions lost (their records are read again by the next owner): %s", partitions);
            // Writes in flight finish first: a later owner (maybe this replica) must load what they wrote.
            complete(true);
            Set<Integer> ps = new HashSet<>();
            partitions.forEach(tp -> ps.add(tp.partition()));
            sessions.inPartitions(ps).forEach(s -> sessions.remove(s.key()));
            ledger.forget(partitions);
            owned.removeAll(ps);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            partitions.stream().filter(tp -> tp.topic().equals(config.ingest().eventsTopic()))
                    .forEach(tp -> owned.add(tp.partition()));
            if (!partitions.isEmpty()) {
                LOG.infof("partitions assigned: %s", partitions);
            }
            if (trouble != null) {
                consumer.pause(partitions);
            }
        }
    }

    /** Catalog entries of written sessions on their way to Kafka. */
    private record Publication(List<SessionState> sessions, java.util.concurrent.CompletableFuture<Void> done) {
    }

    /** A session's write on the flusher's pool. */
    private record Write(SessionState session, Future<FlushPlan> done) {
    }

    /** A record to apply; {@code key} is null for one that was rejected (only its offset counts). */
    private record Incoming(SessionKey key, TopicPartition tp, long offset, Event event, RedactionReport report,
            DeletionRequest deletion) {
    }

    /** The catalog did not take a tombstone. */
    private static final class CatalogException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CatalogException(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }
}
