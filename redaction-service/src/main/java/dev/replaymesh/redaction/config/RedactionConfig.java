package dev.replaymesh.redaction.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Settings of the redaction service, under {@code replay.redaction}. */
@ConfigMapping(prefix = "replay.redaction")
public interface RedactionConfig {

    /** Rules file (YAML or JSON, docs/REDACTION.md); without it the built-in default rules apply. */
    Optional<Path> rulesFile();

    /** How often the rules file is checked for changes; a changed file is reloaded without a restart. */
    @WithDefault("5s")
    Duration reloadInterval();

    /** Bounds of the per-session DOM mirrors. */
    Mirror mirror();

    /** Where the redacted events and the reports are written. */
    Topics topics();

    interface Topics {
        /** Redacted events, one frame per record, keyed by session id. */
        @WithDefault("replay.redacted.v1")
        String redacted();

        /** Removal reports (JSON), keyed by session id. */
        @WithDefault("replay.redaction-reports.v1")
        String reports();
    }

    interface Mirror {
        /** Nodes one session's mirror may hold; past it the session fails closed until its next FullSnapshot. */
        @WithDefault("100000")
        int maxNodesPerSession();

        /** Nodes all mirrors together may hold; the least recently used sessions are evicted first. */
        @WithDefault("1000000")
        long maxNodesTotal();

        /** A session with no event for this long is evicted. */
        @WithDefault("30m")
        Duration idleTimeout();
    }
}
