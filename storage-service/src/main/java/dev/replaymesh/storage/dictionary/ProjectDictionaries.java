package dev.replaymesh.storage.dictionary;

import dev.replaymesh.format.FrameCodec;
import dev.replaymesh.format.chunk.ChunkDictionary;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.storage.config.StorageConfig;
import dev.replaymesh.storage.ingest.StorageMetrics;
import dev.replaymesh.store.dictionary.DictionaryStore;
import dev.replaymesh.store.objectstore.ObjectStoreException;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Which dictionary each project's new chunks are compressed with, and its training. The ingest
 * thread offers every buffered event ({@link #sample}); while a project has no dictionary, or its
 * dictionary is older than {@code retrain-after}, frames are gathered until there are enough from
 * enough sessions, then a background thread trains a dictionary, stores it, and from then on the
 * project's chunks use it. Chunks name their dictionary, so replicas that trained different ones
 * for the same project, or chunks from before a retraining, all stay readable.
 */
@ApplicationScoped
public class ProjectDictionaries {

    private static final Logger LOG = Logger.getLogger(ProjectDictionaries.class);
    /** Samples that stopped growing are dropped after this long, giving their memory to others. */
    private static final Duration IDLE_SAMPLES = Duration.ofHours(1);

    private final StorageConfig.Dictionary config;
    private final DictionaryStore store;
    private final StorageMetrics metrics;
    private final FrameCodec frames = new FrameCodec();
    private final Map<String, Slot> projects = new ConcurrentHashMap<>();
    private final AtomicLong reserved = new AtomicLong();
    private final ExecutorService training = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "storage-dictionary-trainer");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });

    public ProjectDictionaries(StorageConfig config, DictionaryStore store, StorageMetrics metrics) {
        this.config = config.chunk().dictionary();
        this.store = store;
        this.metrics = metrics;
    }

    /**
     * The dictionary to compress {@code project}'s chunks with now, or null for none. The first
     * call per project reads which one it has from the bucket. Called from writer threads.
     *
     * @throws dev.replaymesh.store.objectstore.ObjectStoreException if that read fails
     */
    public ChunkDictionary forWriting(String project) {
        if (!config.enabled()) {
            return null;
        }
        Slot slot = projects.computeIfAbsent(project, p -> new Slot());
        if (!slot.loaded) {
            synchronized (slot) {
                if (!slot.loaded) {
                    Optional<DictionaryStore.Trained> current = store.current(project);
                    current.ifPresent(t -> slot.use(t.dictionary(), t.trainedMs()));
                    slot.loaded = true;
                }
            }
        }
        return slot.dictionary;
    }

    /**
     * Offers a buffered event of {@code project}'s session for training. Ingest thread only.
     * Samples are gathered before it is known whether the project has a dictionary (its first
     * write reads that); they are dropped if it has a fresh one.
     */
    public void sample(String project, String sessionId, Event event, long nowMs) {
        if (!config.enabled()) {
            return;
        }
        Slot slot = projects.computeIfAbsent(project, p -> new Slot());
        if (slot.training || (slot.loaded && !due(slot, nowMs))) {
            return;
        }
        // The frame's size: the event plus version, length and CRC.
        int length = event.getSerializedSize() + 9;
        if (slot.samples == null) {
            long capacity = config.sampleBytes().asLongValue();
            if (reserved.addAndGet(capacity) > config.maxSamplingMemory().asLongValue()) {
                reserved.addAndGet(-capacity);
                return;
            }
            slot.samples = new SampleSet(capacity, config.minSessions(), nowMs);
        }
        SampleSet samples = slot.samples;
        if (samples.wants(sessionId, length)) {
            samples.add(sessionId, frames.encode(event), nowMs);
            if (samples.ready()) {
                settle(project, slot, nowMs);
            }
        }
    }

    /**
     * Starts the training of projects whose samples are ready, drops samples no longer needed or
     * no longer growing. Ingest thread, once per loop.
     */
    public void maintain(long nowMs) {
        projects.forEach((project, slot) -> settle(project, slot, nowMs));
    }

    private void settle(String project, Slot slot, long nowMs) {
        SampleSet samples = slot.samples;
        if (samples == null || !slot.loaded) {
            return;
        }
        if (!due(slot, nowMs) || nowMs - samples.lastAddedMs() > IDLE_SAMPLES.toMillis()) {
            drop(slot);
        } else if (samples.ready() && !slot.training) {
            slot.samples = null;
            slot.training = true;
            training.submit(() -> train(project, slot, samples));
        }
    }

    private void drop(Slot slot) {
        slot.samples = null;
        reserved.addAndGet(-config.sampleBytes().asLongValue());
    }

    private boolean due(Slot slot, long nowMs) {
        return slot.dictionary == null || nowMs - slot.trainedMs >= config.retrainAfter().toMillis();
    }

    private void train(String project, Slot slot, SampleSet samples) {
        long start = System.nanoTime();
        try {
            byte[] bytes = DictionaryTrainer.train(samples.frames(), samples.bytes(),
                    (int) config.size().asLongValue());
            ChunkDictionary dictionary = ChunkDictionary.of(project, bytes);
            long now = System.currentTimeMillis();
            store.saveAsCurrent(project, dictionary, now);
            slot.use(dictionary, now);
            metrics.dictionaryTrained();
            LOG.infof("project %s: trained dictionary %s on %d frames (%d bytes) of %d sessions in %d ms",
                    project, dictionary, samples.frames().size(), samples.bytes(), samples.sessions(),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            // The project goes on with what it had and gathers new samples for another try.
            LOG.warnf("project %s: training a dictionary on %d frames failed: %s", project, samples.frames().size(),
                    e.toString());
        } finally {
            reserved.addAndGet(-config.sampleBytes().asLongValue());
            slot.training = false;
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        training.shutdownNow();
    }

    /** One project's dictionary state; {@code samples} is touched by the ingest thread only. */
    private static final class Slot {
        volatile boolean loaded;
        volatile ChunkDictionary dictionary;
        volatile long trainedMs;
        volatile boolean training;
        volatile SampleSet samples;

        void use(ChunkDictionary d, long trainedAt) {
            dictionary = d;
            trainedMs = trainedAt;
        }
    }
}
