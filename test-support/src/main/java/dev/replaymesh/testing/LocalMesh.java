package dev.replaymesh.testing;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} at the real Kafka broker and S3 server of the local mesh, which
 * {@code bin/mesh test} starts once per build (or {@code bin/mesh infra up} by hand). It starts
 * nothing itself: when either server does not accept a connection within 2 s, the test fails at
 * once and says how to start them.
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(LocalMesh.class)   // or @QuarkusTestResource(LocalMesh.class)
 * class CaptureTest { ... }
 * }</pre>
 *
 * It sets {@code kafka.bootstrap.servers}, {@code replay.s3.endpoint}, {@code replay.s3.access-key},
 * {@code replay.s3.secret-key} and {@code replay.s3.bucket}. Addresses: system properties
 * {@code replaymesh.kafka.bootstrap} / {@code replaymesh.s3.endpoint}, else env
 * {@code MESH_KAFKA_BOOTSTRAP} / {@code MESH_S3_ENDPOINT}, else {@code 127.0.0.1:$MESH_KAFKA_PORT}
 * / {@code http://127.0.0.1:$MESH_S3_PORT} (9092 / 9000). Init args {@code kafka.bootstrap} and
 * {@code s3.endpoint} override all of these.
 */
public class LocalMesh implements QuarkusTestResourceLifecycleManager {

    static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    static final String HOW_TO_START = "Run the tests with `bin/mesh test`, or start the broker and S3 server"
            + " with `bin/mesh infra up`.";

    private Map<String, String> initArgs = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        this.initArgs = Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        String bootstrap = MeshSettings.kafkaBootstrap(initArgs);
        String s3 = MeshSettings.s3Endpoint(initArgs);
        InetSocketAddress kafka = MeshSettings.firstBootstrapAddress(bootstrap);
        if (!MeshSettings.accepts(kafka, CONNECT_TIMEOUT_MILLIS)) {
            throw new IllegalStateException("No Kafka broker on " + kafka.getHostString() + ":" + kafka.getPort()
                    + ". " + HOW_TO_START);
        }
        InetSocketAddress s3Address = MeshSettings.s3Address(s3);
        if (!MeshSettings.accepts(s3Address, CONNECT_TIMEOUT_MILLIS)) {
            throw new IllegalStateException("No S3 server on " + s3Address.getHostString() + ":" + s3Address.getPort()
                    + ". " + HOW_TO_START);
        }
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", bootstrap);
        config.put("replay.s3.endpoint", s3);
        config.put("replay.s3.access-key", MeshSettings.s3AccessKey());
        config.put("replay.s3.secret-key", MeshSettings.s3SecretKey());
        config.put("replay.s3.bucket", MeshSettings.s3Bucket());
        return config;
    }

    @Override
    public void stop() {
        // Nothing to stop: the mesh belongs to bin/mesh.
    }

    /** The bootstrap servers a test should use for its own clients. */
    public static String kafkaBootstrapServers() {
        return MeshSettings.kafkaBootstrap(Map.of());
    }

    /** The S3 endpoint a test should use for its own clients (path-style). */
    public static String s3Endpoint() {
        return MeshSettings.s3Endpoint(Map.of());
    }
}
