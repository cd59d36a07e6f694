package dev.replaymesh.storage.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replaymesh.testing.KafkaBroker;
import dev.replaymesh.testing.S3Server;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged storage service (target/quarkus-app) as a child JVM, pointed at a broker and an S3
 * server of the test's own, with the test profile's small chunks. For tests that kill it or run
 * two replicas.
 */
public final class StorageApp implements AutoCloseable {

    static final Path APP = Path.of("target/quarkus-app/quarkus-run.jar");

    private final Process process;
    private final Path log;
    private final int port;

    private StorageApp(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts one and returns once it is ready; its output goes to {@code log}. */
    public static StorageApp start(KafkaBroker kafka, S3Server s3, Path log) throws Exception {
        return start(kafka, s3, log, Map.of());
    }

    /** Like {@link #start(KafkaBroker, S3Server, Path)} with more system properties for the app. */
    public static StorageApp start(KafkaBroker kafka, S3Server s3, Path log, Map<String, String> properties)
            throws Exception {
        assertThat(APP).as("packaged app (mvn package)").exists();
        Files.createDirectories(log.getParent());
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m",
                "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=" + kafka.bootstrapServers(),
                "-Dreplay.s3.endpoint=" + s3.endpoint(),
                "-Dreplay.storage.chunk.max-bytes=64K",
                "-Dreplay.storage.chunk.max-age=1s",
                "-Dreplay.storage.ingest.commit-interval=1s",
                "-Dreplay.storage.ingest.flush-interval=200ms"));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", APP.toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        StorageApp app = new StorageApp(process, log, port);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("storage-service is up (see %s)", log).isTrue();
            if (app.ready()) {
                return app;
            }
            Thread.sleep(200);
        }
        app.kill();
        throw new AssertionError("storage-service not ready within 90 s; see " + log);
    }

    public boolean ready() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/q/health/ready")
                    .toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(2000);
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** The value of a counter or gauge on /q/metrics, e.g. {@code name{label="value"}}; 0 if it is not there (yet). */
    public double metric(String name) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/q/metrics")
                .toURL().openConnection();
        c.setConnectTimeout(1000);
        c.setReadTimeout(5000);
        try (var in = c.getInputStream()) {
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                // Some text formats end a label list with a comma: {outcome="stored",}
                line = line.replace(",}", "}");
                if (line.startsWith(name + " ")) {
                    return Double.parseDouble(line.substring(name.length() + 1).trim());
                }
            }
            return 0;
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** SIGKILL: no shutdown hook, no last write, no commit. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the service writes what it holds and commits before it leaves the group. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("storage-service did not stop within 60 s of SIGTERM; see " + log);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
