package dev.replaymesh.storage.ingest;

import dev.replaymesh.format.FrameCodec;
import dev.replaymesh.format.chunk.ChunkCodec;
import dev.replaymesh.proto.v1.SessionSummary;
import dev.replaymesh.storage.catalog.CatalogPublisher;
import dev.replaymesh.storage.config.StorageConfig;
import dev.replaymesh.storage.dictionary.ProjectDictionaries;
import dev.replaymesh.storage.session.FlushPlan;
import dev.replaymesh.storage.session.PendingWrite;
import dev.replaymesh.storage.session.SessionState;
import dev.replaymesh.storage.session.SessionWriter;
import dev.replaymesh.store.catalog.CatalogEntries;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes sessions durable: compresses and writes their pending chunks and manifests on a pool of
 * {@code write-concurrency} threads, while the ingest thread goes on, and publishes their catalog
 * entries. A session whose write fails keeps everything it holds, to be written again.
 */
@ApplicationScoped
public class Flusher {

    private static final Duration CATALOG_TIMEOUT = Duration.ofSeconds(30);

    private final SessionWriter writer;
    private final CatalogPublisher catalog;
    private final StorageMetrics metrics;
    private final ProjectDictionaries dictionaries;
    private final FrameCodec frames = new FrameCodec();
    /** One codec per zstd level in use: the configured one and the catch-up one. */
    private final Map<Integer, ChunkCodec> codecs = new ConcurrentHashMap<>();
    private final ExecutorService pool;

    public Flusher(SessionWriter writer, CatalogPublisher catalog, ProjectDictionaries dictionaries,
            StorageMetrics metrics, StorageConfig config) {
        this.writer = writer;
        this.dictionaries = dictionaries;
        this.catalog = catalog;
        this.metrics = metrics;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(config.ingest().writeConcurrency(), r -> {
            Thread t = new Thread(r, "storage-writer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts a session's write on the pool: its chunks at zstd {@code level}, then its manifest.
     * The future fails if the object store did; the session then still has everything (see
     * {@link SessionState#writeFailed}).
     */
    public Future<FlushPlan> submit(PendingWrite write, int level, long nowMs) {
        ChunkCodec codec = codecs.computeIfAbsent(level, l -> new ChunkCodec(l, frames));
        return pool.submit(() -> {
            long start = System.nanoTime();
            FlushPlan plan = write.plan(codec, dictionaries.forWriting(write.key().project()), nowMs);
            writer.write(plan);
            metrics.written(plan);
            metrics.flushTook(System.nanoTime() - start);
            return plan;
        });
    }

    /**
     * Publishes the catalog entries of written sessions; the stage completes once Kafka
     * acknowledged them all (the sessions are then to be {@link SessionState#catalogued}), or fails.
     */
    public CompletableFuture<Void> publish(List<SessionState> written) {
        List<SessionSummary> summaries = new ArrayList<>(written.size());
        written.forEach(s -> summaries.add(CatalogEntries.of(s.stored())));
        return catalog.publish(summaries, CATALOG_TIMEOUT);
    }

    void onStop(@Observes ShutdownEvent event) {
        pool.shutdownNow();
    }
}
