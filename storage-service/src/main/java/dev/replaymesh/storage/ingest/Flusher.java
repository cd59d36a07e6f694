package dev.replaymesh.storage.ingest;

import dev.replaymesh.format.FrameCodec;
import dev.replaymesh.format.chunk.ChunkCodec;
import dev.replaymesh.proto.v1.SessionSummary;
import dev.replaymesh.storage.catalog.CatalogEntries;
import dev.replaymesh.storage.catalog.CatalogPublisher;
import dev.replaymesh.storage.config.StorageConfig;
import dev.replaymesh.storage.dictionary.ProjectDictionaries;
import dev.replaymesh.storage.session.FlushPlan;
import dev.replaymesh.storage.session.SessionState;
import dev.replaymesh.storage.session.SessionWriter;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Makes sessions durable: compresses and writes their open chunks and manifests, several at once,
 * then publishes their catalog entries and waits for Kafka's acknowledgement. A session whose
 * write fails keeps everything it holds, to be written again.
 */
@ApplicationScoped
public class Flusher {

    private static final Logger LOG = Logger.getLogger(Flusher.class);
    private static final Duration CATALOG_TIMEOUT = Duration.ofSeconds(30);

    private final SessionWriter writer;
    private final CatalogPublisher catalog;
    private final StorageMetrics metrics;
    private final ProjectDictionaries dictionaries;
    private final ChunkCodec codec;
    private final ExecutorService pool;

    public Flusher(SessionWriter writer, CatalogPublisher catalog, ProjectDictionaries dictionaries,
            StorageMetrics metrics, StorageConfig config) {
        this.writer = writer;
        this.dictionaries = dictionaries;
        this.catalog = catalog;
        this.metrics = metrics;
        this.codec = new ChunkCodec(config.chunk().compressionLevel(), new FrameCodec());
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(config.ingest().writeConcurrency(), r -> {
            Thread t = new Thread(r, "storage-writer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** True if every session given is now in the bucket and in the catalog. */
    public boolean flush(Collection<SessionState> sessions, long nowMs) {
        boolean ok = true;
        List<SessionState> writing = new ArrayList<>();
        List<Future<FlushPlan>> plans = new ArrayList<>();
        for (SessionState s : sessions) {
            if (s.hasChanges()) {
                writing.add(s);
                plans.add(pool.submit(() -> write(s, nowMs)));
            }
        }
        for (int i = 0; i < writing.size(); i++) {
            try {
                FlushPlan plan = plans.get(i).get();
                writing.get(i).written(plan);
                metrics.written(plan);
            } catch (ExecutionException e) {
                ok = false;
                metrics.writeFailed();
                LOG.warnf("writing session %s failed, will retry: %s", writing.get(i).key(), e.getCause().getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        List<SessionState> pending = new ArrayList<>();
        List<SessionSummary> summaries = new ArrayList<>();
        for (SessionState s : sessions) {
            if (s.catalogPending() && s.stored() != null) {
                pending.add(s);
                summaries.add(CatalogEntries.of(s.stored()));
            }
        }
        if (!pending.isEmpty()) {
            try {
                catalog.publish(summaries, CATALOG_TIMEOUT);
                pending.forEach(SessionState::catalogued);
            } catch (RuntimeException e) {
                ok = false;
                LOG.warnf("publishing %d catalog entries failed, will retry: %s", pending.size(), e.getMessage());
            }
        }
        return ok;
    }

    private FlushPlan write(SessionState s, long nowMs) {
        long start = System.nanoTime();
        FlushPlan plan = s.plan(codec, dictionaries.forWriting(s.key().project()), nowMs);
        writer.write(plan);
        metrics.flushTook(System.nanoTime() - start);
        return plan;
    }

    void onStop(@Observes ShutdownEvent event) {
        pool.shutdownNow();
    }
}
