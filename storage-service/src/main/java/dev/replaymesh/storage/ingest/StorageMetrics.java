package dev.replaymesh.storage.ingest;

import dev.replaymesh.storage.session.FlushPlan;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The storage service's meters, named {@code replay_storage_*} in Prometheus. */
@ApplicationScoped
public class StorageMetrics {

    private final MeterRegistry registry;
    private final Counter chunks;
    private final Counter rawBytes;
    private final Counter storedBytes;
    private final Counter manifests;
    private final Counter writeFailures;
    private final Counter events;
    private final Counter duplicates;
    private final Counter replayed;
    private final Counter dictionaries;
    private final Timer flush;
    private final AtomicLong openBytes = new AtomicLong();
    private final AtomicLong sessions = new AtomicLong();
    private final AtomicLong level = new AtomicLong();

    public StorageMetrics(MeterRegistry registry) {
        this.registry = registry;
        chunks = registry.counter("replay.storage.chunks.written");
        rawBytes = registry.counter("replay.storage.chunk.raw.bytes");
        storedBytes = registry.counter("replay.storage.chunk.stored.bytes");
        manifests = registry.counter("replay.storage.manifests.written");
        writeFailures = registry.counter("replay.storage.write.failures");
        events = registry.counter("replay.storage.events", "outcome", "stored");
        duplicates = registry.counter("replay.storage.events", "outcome", "duplicate");
        replayed = registry.counter("replay.storage.events", "outcome", "already-stored");
        dictionaries = registry.counter("replay.storage.dictionaries.trained");
        flush = Timer.builder("replay.storage.flush.latency").publishPercentiles(0.5, 0.99).register(registry);
        registry.gauge("replay.storage.open.chunk.bytes", openBytes);
        registry.gauge("replay.storage.sessions.held", sessions);
        registry.gauge("replay.storage.compression.level", level);
        Gauge.builder("replay.storage.compression.ratio", this,
                m -> m.storedBytes.count() == 0 ? 0 : m.rawBytes.count() / m.storedBytes.count()).register(registry);
    }

    void written(FlushPlan plan) {
        manifests.increment();
        for (var chunk : plan.chunks()) {
            chunks.increment();
            rawBytes.increment(chunk.entry().rawBytes());
            storedBytes.increment(chunk.entry().storedBytes());
        }
    }

    /** What the ingest thread holds: open chunk bytes and sessions (fields would not pass the CDI proxy). */
    void holding(long bytes, long sessionCount) {
        openBytes.set(bytes);
        sessions.set(sessionCount);
    }

    /** The zstd level new chunks are written at (lower while catching up). */
    void compressingAt(int zstdLevel) {
        level.set(zstdLevel);
    }

    /** The consumer's own meters (records-lag-max, fetch rates, ...) as kafka_consumer_*. */
    void bind(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer) {
        new KafkaClientMetrics(consumer).bindTo(registry);
    }

    public void dictionaryTrained() {
        dictionaries.increment();
    }

    void writeFailed() {
        writeFailures.increment();
    }

    void flushTook(long nanos) {
        flush.record(nanos, TimeUnit.NANOSECONDS);
    }

    void stored() {
        events.increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    void alreadyStored() {
        replayed.increment();
    }

    void rejected(String reason) {
        registry.counter("replay.storage.records.rejected", "reason", reason).increment();
    }
}
