package dev.replaymesh.storage.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** Settings of the storage service, under {@code replay.storage}. */
@ConfigMapping(prefix = "replay.storage")
public interface StorageConfig {

    /** What it consumes and how. */
    Ingest ingest();

    /** When an open chunk becomes an object. */
    Chunk chunk();

    /** When a session counts as ended. */
    Session session();

    /** Backoff while the object store refuses writes. */
    Retry retry();

    /** How long sessions are kept. */
    Retention retention();

    interface Ingest {
        /** Consumer group shared by all replicas; Kafka spreads the partitions over them. */
        @WithDefault("storage-service")
        String groupId();

        /** Redacted events (replay.v1 frames, key = session id). */
        @WithDefault("replay.redacted.v1")
        String eventsTopic();

        /** Redaction reports (JSON, key = session id), partitioned like the events. */
        @WithDefault("replay.redaction-reports.v1")
        String reportsTopic();

        /** Deletion requests this service sends itself, partitioned like the events. */
        @WithDefault("replay.deletions.v1")
        String deletionsTopic();

        /** Extra Kafka consumer properties (fetch sizes, timeouts); the service sets the rest. */
        Map<String, String> consumer();

        /** Longest time between two offset commits while events flow. */
        @WithDefault("5s")
        Duration commitInterval();

        /**
         * Sessions due to be written are gathered for this long and written together, so that the
         * writer threads work in parallel instead of one session at a time; a session's chunk is
         * still written within {@code chunk.max-age}. Memory pressure writes at once.
         */
        @WithDefault("1s")
        Duration flushInterval();

        /** Stored bytes of open chunks held in memory at most; past it the largest are flushed early. */
        @WithDefault("256M")
        MemorySize maxBufferedBytes();

        /** Chunks and manifests written at once (object-store requests in flight). */
        @WithDefault("8")
        int writeConcurrency();
    }

    interface Chunk {
        /** An open chunk is written when its frames reach this size. */
        @WithDefault("4M")
        MemorySize maxBytes();

        /**
         * An open chunk (or a report not yet in the manifest) is written at this age at the
         * latest. It bounds how far offsets lag behind and how much a restart re-reads.
         */
        @WithDefault("30s")
        Duration maxAge();

        /** zstd level of chunk objects (docs/BENCHMARKS.md, "Chunk compression"). */
        @WithDefault("9")
        int compressionLevel();

        /**
         * zstd level while the consumer is more than {@code catch-up-lag} events behind: a
         * backlog drains about twice as fast at zstd 3 as at 9, in chunks ~12 % larger
         * (docs/BENCHMARKS.md, "Storage write throughput").
         */
        @WithDefault("3")
        int catchUpLevel();

        /** Events behind the partitions' ends from which chunks are written at {@code catch-up-level}; 0 = never. */
        @WithDefault("50000")
        long catchUpLag();

        Dictionary dictionary();
    }

    /**
     * Per-project zstd dictionaries: trained on a project's own recent frames, stored in the
     * bucket and named in each chunk's manifest entry (docs/FORMAT.md).
     */
    interface Dictionary {
        /** Train and use dictionaries; without them chunks are plain zstd. */
        @WithDefault("true")
        boolean enabled();

        /** Size of a trained dictionary (112 KiB did best in docs/BENCHMARKS.md). */
        @WithDefault("112K")
        MemorySize size();

        /** Frames gathered from a project before training (zstd wants ~20x the dictionary size). */
        @WithDefault("2M")
        MemorySize sampleBytes();

        /**
         * Distinct sessions the samples must come from; no session gives more than its share
         * ({@code sample-bytes / min-sessions}), so a dictionary holds what a project's sessions
         * have in common rather than one session's content.
         */
        @WithDefault("8")
        int minSessions();

        /** A project's dictionary is trained again on fresh frames after this long, as its pages change. */
        @WithDefault("7d")
        Duration retrainAfter();

        /** Samples of all projects held at once, at most; projects beyond it wait their turn. */
        @WithDefault("64M")
        MemorySize maxSamplingMemory();
    }

    interface Session {
        /** A session with no event for this long has ended; its state leaves memory. */
        @WithDefault("30m")
        Duration inactivityTimeout();

        /**
         * Recent events per held session remembered to recognise retried duplicates (about 60
         * bytes each: 5000 cost a busy session 300 KB).
         */
        @WithDefault("5000")
        int dedupWindow();
    }

    interface Retention {
        /**
         * Days a project's sessions are kept after their last event was received, per project
         * (e.g. {@code replay.storage.retention.days.demo=30}); projects not listed are kept.
         */
        Map<String, Integer> days();

        /** How often the sweep looks for sessions past their retention. */
        @WithDefault("1h")
        Duration sweepInterval();

        /** Also install the periods as bucket lifecycle rules where the object store supports them. */
        @WithDefault("true")
        boolean lifecycleRules();
    }

    interface Retry {
        @WithDefault("500ms")
        Duration initialBackoff();

        @WithDefault("30s")
        Duration maxBackoff();
    }
}
