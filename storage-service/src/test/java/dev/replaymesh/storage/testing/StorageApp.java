package dev.replaymesh.storage.testing;

import dev.replaymesh.testing.KafkaBroker;
import dev.replaymesh.testing.PackagedService;
import dev.replaymesh.testing.S3Server;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged storage service (target/quarkus-app) as a child JVM, pointed at a broker and an S3
 * server of the test's own, with the test profile's small chunks and short ages. For tests that
 * kill it or run two replicas.
 */
public final class StorageApp {

    static final Path APP = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();

    private StorageApp() {
    }

    /** Starts one and returns once it is ready; its output goes to {@code log}. */
    public static PackagedService start(KafkaBroker kafka, S3Server s3, Path log) throws InterruptedException {
        return start(kafka, s3, log, Map.of());
    }

    /** Like {@link #start(KafkaBroker, S3Server, Path)} with more system properties for the app. */
    public static PackagedService start(KafkaBroker kafka, S3Server s3, Path log, Map<String, String> properties)
            throws InterruptedException {
        Map<String, String> props = new HashMap<>(Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "replay.s3.endpoint", s3.endpoint(),
                "replay.storage.chunk.max-bytes", "64K",
                "replay.storage.chunk.max-age", "1s",
                "replay.storage.ingest.commit-interval", "1s",
                "replay.storage.ingest.flush-interval", "200ms"));
        props.putAll(properties);
        String name = log.getFileName().toString().replaceFirst("\\.log$", "");
        PackagedService app = PackagedService.start(name, APP, log.getParent(), List.of("-Xmx512m"), props);
        try {
            return app.awaitReady(Duration.ofSeconds(90));
        } catch (RuntimeException | InterruptedException e) {
            app.close();
            throw e;
        }
    }
}
