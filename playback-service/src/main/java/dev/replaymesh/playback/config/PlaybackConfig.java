package dev.replaymesh.playback.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.quarkus.runtime.configuration.MemorySize;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Settings of the playback service, under {@code replay.playback}. */
@ConfigMapping(prefix = "replay.playback")
public interface PlaybackConfig {

    /** Projects by name; readers authenticate with their project's read key. */
    Map<String, Project> projects();

    /** Limits on streaming. */
    Streams streams();

    /** This instance's name and the key it signs exported packages with. */
    Instance instance();

    /** What an import accepts. */
    Imports imports();

    /** Links that open one session in the web player without a key. */
    Share share();

    interface Project {
        /** Bearer key that lets its holder list, play and export the project's sessions; keep it in a Secret. */
        String readKey();

        /** Bearer key that lets its holder import sessions into the project; none: no imports. */
        Optional<String> importKey();
    }

    interface Instance {
        /** The name packages signed here carry, and {@code /.well-known/replay-mesh.json} shows. */
        @WithDefault("replay-mesh")
        String name();

        /**
         * Ed25519 private key (PEM, or base64 of PKCS#8 DER) that signs every exported package's
         * manifest; none: packages are unsigned. Keep it in a Secret.
         */
        Optional<String> signingKey();

        /** The signing key's public half (PEM, or base64 of X.509 DER); needed with {@link #signingKey()}. */
        Optional<String> signingPublicKey();

        /** Public keys (same forms) of other instances whose signatures an import reports as trusted. */
        Optional<List<String>> trustedKeys();
    }

    interface Share {
        /**
         * Secret that signs share links (HMAC-SHA256); the same on every replica, in a Secret.
         * Changing it revokes every link given out.
         */
        String secret();

        /** How long a link works when its creator does not say. */
        @WithDefault("24h")
        Duration defaultTtl();

        /** The longest a link may work. */
        @WithDefault("30d")
        Duration maxTtl();
    }

    interface Imports {
        /** Largest file of a package once inflated, and largest PostHog export file. */
        @WithDefault("1G")
        MemorySize maxFileSize();

        /** Largest package once inflated. */
        @WithDefault("2G")
        MemorySize maxTotalSize();

        /** Most bytes inflated per compressed byte before a package is refused as a zip bomb. */
        @WithDefault("200")
        int maxRatio();

        /** How long an import waits for Kafka to acknowledge its events. */
        @WithDefault("60s")
        Duration ackTimeout();
    }

    interface Streams {
        /**
         * gRPC plays in progress at once, at most; one more is refused with RESOURCE_EXHAUSTED. Each
         * holds a thread and at most one verified chunk (storage's chunk.max-bytes, 4 MiB of frames by default).
         */
        @WithDefault("64")
        int maxConcurrent();

        /** A client that takes no event for this long loses its stream (DEADLINE_EXCEEDED) and frees its thread. */
        @WithDefault("5m")
        Duration stallTimeout();
    }
}
