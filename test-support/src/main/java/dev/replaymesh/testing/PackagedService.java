package dev.replaymesh.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A packaged service ({@code target/quarkus-app/quarkus-run.jar}) run as a child JVM of an
 * integration test: started directly (no shell in between, so {@link #kill()} is a SIGKILL of the
 * service's own JVM), configured by system properties only, its output in a log file, stopped by
 * {@link #close()} and, should the test JVM exit first, by a shutdown hook.
 */
public final class PackagedService implements AutoCloseable {

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "packaged-service-reaper"));
    }

    private final String name;
    private final int httpPort;
    private final Path log;
    private final Process process;

    private PackagedService(String name, int httpPort, Path log, Process process) {
        this.name = name;
        this.httpPort = httpPort;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts {@code java [jvmOptions] -Dkey=value... -jar jar} on a free HTTP port; returns at once.
     *
     * @param properties system properties of the service ({@code quarkus.http.port} is added)
     */
    public static PackagedService start(String name, Path jar, Path logDir, List<String> jvmOptions,
            Map<String, String> properties) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No " + jar + ": the integration test runs after `package`"
                    + " (./mvnw verify), which builds it.");
        }
        int port = LocalServices.freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        // The local profile: the services' demo project and keys, as bin/mesh runs them.
        command.add("-Dquarkus.profile=local");
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + port);
        command.add("-jar");
        command.add(jar.toString());
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + ".log");
            Files.writeString(log, String.join(" ", command) + "\n\n", StandardCharsets.UTF_8);
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(jar.getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            // Configuration comes from the command line only, not from whatever the build's environment holds.
            pb.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("REPLAY_")
                    || k.startsWith("MP_MESSAGING_") || k.startsWith("KAFKA_"));
            Process process = pb.start();
            RUNNING.add(process);
            process.onExit().thenRun(() -> RUNNING.remove(process));
            return new PackagedService(name, port, log, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Waits until {@code /q/health/ready} answers 200; fails early if the process exits. */
    public PackagedService awaitReady(Duration timeout) throws InterruptedException {
        LocalServices.awaitOk(name, process, baseUrl() + "/q/health/ready", timeout, log);
        return this;
    }

    /** SIGKILL to the service's JVM; returns once it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " (pid " + process.pid() + ") still alive 30 s after SIGKILL");
        }
    }

    /** SIGTERM (a graceful Quarkus shutdown), SIGKILL if it takes longer than {@code grace}. */
    public void stop(Duration grace) throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
        }
    }

    /** The HTTP (and gRPC) port it listens on, on 127.0.0.1. */
    public int httpPort() {
        return httpPort;
    }

    /** {@code http://127.0.0.1:<port>} */
    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** The value of a counter or gauge on {@code /q/metrics}, e.g. {@code name{label="value"}}; 0 if it is not there (yet). */
    public double metric(String name) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/metrics"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        for (String line : http.send(request, HttpResponse.BodyHandlers.ofString()).body().split("\n")) {
            // Some text formats end a label list with a comma: {outcome="stored",}
            line = line.replace(",}", "}");
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        return 0;
    }

    /** The last lines of the service's output. */
    public String tail(int lines) {
        return LocalServices.tail(log, lines);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return name + "[pid " + process.pid() + ", http " + httpPort + ", log " + log + "]";
    }
}
