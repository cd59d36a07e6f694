package dev.replaymesh.playback.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** Settings of the playback service, under {@code replay.playback}. */
@ConfigMapping(prefix = "replay.playback")
public interface PlaybackConfig {

    /** Projects by name; readers authenticate with their project's read key. */
    Map<String, Project> projects();

    /** Limits on streaming. */
    Streams streams();

    interface Project {
        /** Bearer key that lets its holder list, play and export the project's sessions; keep it in a Secret. */
        String readKey();
    }

    interface Streams {
        /**
         * gRPC plays in progress at once, at most; one more is refused with RESOURCE_EXHAUSTED. Each
         * holds a thread and at most one verified chunk (chunk.max-bytes of storage, 1 MiB by default).
         */
        @WithDefault("64")
        int maxConcurrent();

        /** A client that takes no event for this long loses its stream (DEADLINE_EXCEEDED) and frees its thread. */
        @WithDefault("5m")
        Duration stallTimeout();
    }
}
