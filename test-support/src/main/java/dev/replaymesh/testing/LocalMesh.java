package dev.replaymesh.testing;

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

    private Map<String, String> initArgs = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        this.initArgs = Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        return MeshSettings.serviceConfig(initArgs);
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
