package dev.replaymesh.playback.testing;

import dev.replaymesh.testing.KafkaBroker;
import dev.replaymesh.testing.PackagedService;
import dev.replaymesh.testing.S3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole mesh for an integration test: a broker and an S3 server of the test's own, and the
 * four packaged services (each module's target/quarkus-app, built by `package` before this
 * module's integration tests run) as child JVMs pointed at them.
 */
public final class WholeMesh implements AutoCloseable {

    /** The repository root: integration tests run in playback-service/. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private final KafkaBroker kafka;
    private final S3Server s3;
    private final List<PackagedService> services = new ArrayList<>();
    public final PackagedService capture;
    public final PackagedService redaction;
    public final PackagedService storage;
    public final PackagedService playback;

    private WholeMesh(KafkaBroker kafka, S3Server s3, Path logs) {
        this.kafka = kafka;
        this.s3 = s3;
        Map<String, String> common = Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
                "replay.s3.endpoint", s3.endpoint());
        // Small chunks written soon, so that a session of a few hundred events spans several.
        capture = start("capture-service", logs, common, Map.of());
        redaction = start("redaction-service", logs, common, Map.of());
        storage = start("storage-service", logs, common, Map.of(
                "replay.storage.chunk.max-bytes", "64K",
                "replay.storage.chunk.max-age", "1s",
                "replay.storage.ingest.commit-interval", "1s",
                "replay.storage.ingest.flush-interval", "200ms"));
        playback = start("playback-service", logs, common, Map.of());
    }

    /** Starts a broker (with the mesh's topics), an S3 server (with bucket replay) and the four services. */
    public static WholeMesh start(Path logs) throws Exception {
        Files.createDirectories(logs);
        KafkaBroker kafka = KafkaBroker.startNew();
        S3Server s3;
        try {
            kafka.createMeshTopics(3);
            s3 = S3Server.startNew("replay");
        } catch (RuntimeException | Error e) {
            kafka.close();
            throw e;
        }
        WholeMesh mesh = new WholeMesh(kafka, s3, logs);
        try {
            for (PackagedService service : mesh.services) {
                service.awaitReady(Duration.ofSeconds(120));
            }
            return mesh;
        } catch (Exception | Error e) {
            mesh.close();
            throw e;
        }
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String s3Endpoint() {
        return s3.endpoint();
    }

    private PackagedService start(String module, Path logs, Map<String, String> common, Map<String, String> own) {
        Map<String, String> properties = new HashMap<>(common);
        properties.putAll(own);
        PackagedService service = PackagedService.start(module, ROOT.resolve(module).resolve(
                "target/quarkus-app/quarkus-run.jar"), logs, List.of("-Xmx256m"), properties);
        services.add(service);
        return service;
    }

    @Override
    public void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
        s3.close();
        kafka.close();
    }
}
