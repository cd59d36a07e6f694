package dev.replaymesh.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import dev.replaymesh.mesh.MeshTopics;

/**
 * A real single-node Kafka broker of a test's own, for fault tests that stop and restart Kafka
 * without disturbing the shared mesh. Started through {@code local-mesh/scripts/kafka-broker.sh}
 * (the same script {@code bin/mesh} uses) on free loopback ports, with its data in a temporary
 * directory that {@link #close()} deletes.
 *
 * <pre>{@code
 * try (KafkaBroker broker = KafkaBroker.startNew()) {
 *     broker.createMeshTopics();
 *     ... produce to broker.bootstrapServers() ...
 *     broker.stop();    // the broker process is gone, the port refuses connections
 *     broker.start();   // same ports, same data: what was committed is still there
 * }
 * }</pre>
 *
 * Needs the jars of {@code ./mvnw -pl local-mesh -am install} (which {@code bin/mesh test} runs
 * first). If the test JVM dies without {@link #close()}, the script stops the broker by itself.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final ServerScript server;
    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final String heap;

    /** A broker on two free ports with a fresh temporary data directory; not started yet. */
    public KafkaBroker() {
        this("256m");
    }

    /** Like {@link #KafkaBroker()} with the given broker heap ({@code -Xmx}), e.g. {@code "512m"}. */
    public KafkaBroker(String heap) {
        int[] ports = ServerScript.freePorts(2);
        this.port = ports[0];
        this.controllerPort = ports[1];
        this.heap = heap;
        this.dataDir = ServerScript.tempDir("replay-kafka-");
        this.server = new ServerScript("kafka-broker.sh", dataDir, port, "kafka.pid");
    }

    /** Creates and starts a broker. */
    public static KafkaBroker startNew() {
        KafkaBroker broker = new KafkaBroker();
        try {
            return broker.start();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    /**
     * Starts the broker (again, after {@link #stop()}: same ports, same data) and returns once it
     * answers Kafka requests. Does nothing if it is running.
     */
    public synchronized KafkaBroker start() {
        if (server.start("--controller-port", Integer.toString(controllerPort), "--heap", heap,
                "--timeout", Long.toString(READY_TIMEOUT.toSeconds()))) {
            awaitReady();
        }
        return this;
    }

    /**
     * Stops the broker (SIGTERM, SIGKILL after 30 s) and returns once its process is gone and its
     * port refuses connections. The data stays for {@link #start()}.
     */
    public synchronized void stop() {
        server.stop(STOP_TIMEOUT);
    }

    /** Stops the broker and deletes its data. */
    @Override
    public synchronized void close() {
        server.close(STOP_TIMEOUT);
    }

    /** Creates the mesh's topics (as MeshSetup does) with {@value MeshTopics#DEFAULT_PARTITIONS} partitions. */
    public void createMeshTopics() {
        createMeshTopics(MeshTopics.DEFAULT_PARTITIONS);
    }

    public void createMeshTopics(int partitions) {
        try (Admin admin = Admin.create(adminConfig())) {
            MeshTopics.ensure(admin, partitions, (short) 1, Duration.ofSeconds(30), line -> {
            });
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("creating the mesh topics on " + bootstrapServers() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The broker's process id while it runs. */
    public OptionalLong pid() {
        long pid = server.pid();
        return pid >= 0 ? OptionalLong.of(pid) : OptionalLong.empty();
    }

    public boolean isRunning() {
        return server.isRunning();
    }

    /** True when something accepts TCP connections on the broker's port. */
    public boolean acceptsConnections() {
        return server.acceptsConnections();
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers() + ", data " + dataDir + pid().stream()
                .mapToObj(p -> ", pid " + p).findFirst().orElse("") + "]";
    }

    private Map<String, Object> adminConfig() {
        return Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
    }

    /** The port accepts before the broker serves requests: wait for a real answer. */
    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        try (Admin admin = Admin.create(adminConfig())) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
                if (!server.isRunning()) {
                    break;
                }
                ServerScript.sleep(200);
            }
        }
        throw new IllegalStateException("Kafka broker " + bootstrapServers() + " did not answer within "
                + READY_TIMEOUT.toSeconds() + " s; see " + dataDir.resolve("kafka.log"), last);
    }
}
