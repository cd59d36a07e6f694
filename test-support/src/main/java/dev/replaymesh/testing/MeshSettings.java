package dev.replaymesh.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the tests find the local mesh. Every value is a system property, else an environment
 * variable, else the default that {@code bin/mesh} uses; the environment variables are the ones
 * {@code bin/mesh} reads, so {@code MESH_KAFKA_PORT=19092 bin/mesh test} just works.
 * {@link #serviceConfig} is what {@link LocalMesh} gives a {@code @QuarkusTest}, for tests that
 * configure a service some other way.
 */
public final class MeshSettings {

    static final String KAFKA_BOOTSTRAP_PROPERTY = "replaymesh.kafka.bootstrap";
    static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    static final String HOW_TO_START = "Run the tests with `bin/mesh test`, or start the broker and S3 server"
            + " with `bin/mesh infra up`.";
    static final String S3_ENDPOINT_PROPERTY = "replaymesh.s3.endpoint";

    private MeshSettings() {
    }

    /**
     * The settings a service needs to use the local broker and S3 server (Quarkus keys), once
     * both answer; fails at once, saying how to start them, if one does not.
     *
     * @param overrides {@code kafka.bootstrap} and {@code s3.endpoint}, each optional
     */
    public static Map<String, String> serviceConfig(Map<String, String> overrides) {
        String bootstrap = kafkaBootstrap(overrides);
        String s3 = s3Endpoint(overrides);
        InetSocketAddress kafka = firstBootstrapAddress(bootstrap);
        if (!accepts(kafka, CONNECT_TIMEOUT_MILLIS)) {
            throw new IllegalStateException("No Kafka broker on " + kafka.getHostString() + ":" + kafka.getPort()
                    + ". " + HOW_TO_START);
        }
        InetSocketAddress s3Address = s3Address(s3);
        if (!accepts(s3Address, CONNECT_TIMEOUT_MILLIS)) {
            throw new IllegalStateException("No S3 server on " + s3Address.getHostString() + ":" + s3Address.getPort()
                    + ". " + HOW_TO_START);
        }
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", bootstrap);
        config.put("replay.s3.endpoint", s3);
        config.put("replay.s3.access-key", s3AccessKey());
        config.put("replay.s3.secret-key", s3SecretKey());
        config.put("replay.s3.bucket", s3Bucket());
        return config;
    }

    static String kafkaBootstrap(Map<String, String> overrides) {
        return first(overrides.get("kafka.bootstrap"), System.getProperty(KAFKA_BOOTSTRAP_PROPERTY),
                System.getenv("MESH_KAFKA_BOOTSTRAP"),
                "127.0.0.1:" + first(System.getenv("MESH_KAFKA_PORT"), "9092"));
    }

    static String s3Endpoint(Map<String, String> overrides) {
        return first(overrides.get("s3.endpoint"), System.getProperty(S3_ENDPOINT_PROPERTY),
                System.getenv("MESH_S3_ENDPOINT"),
                "http://127.0.0.1:" + first(System.getenv("MESH_S3_PORT"), "9000"));
    }

    static String s3AccessKey() {
        return first(System.getProperty("replaymesh.s3.access-key"), System.getenv("MESH_S3_ACCESS_KEY"), "minioadmin");
    }

    static String s3SecretKey() {
        return first(System.getProperty("replaymesh.s3.secret-key"), System.getenv("MESH_S3_SECRET_KEY"), "minioadmin");
    }

    static String s3Bucket() {
        return first(System.getProperty("replaymesh.s3.bucket"), System.getenv("MESH_S3_BUCKET"), "replay");
    }

    /** host:port of the first bootstrap server. */
    static InetSocketAddress firstBootstrapAddress(String bootstrap) {
        String first = bootstrap.split(",")[0].trim();
        int colon = first.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("bootstrap server without port: " + first);
        }
        return InetSocketAddress.createUnresolved(first.substring(0, colon), Integer.parseInt(first.substring(colon + 1)));
    }

    static InetSocketAddress s3Address(String endpoint) {
        URI uri = URI.create(endpoint);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return InetSocketAddress.createUnresolved(uri.getHost(), port);
    }

    static boolean accepts(InetSocketAddress address, int timeoutMillis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.getHostString(), address.getPort()), timeoutMillis);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The repository root: the first directory, from the working directory upwards, that holds
     * {@code bin/mesh}. System property {@code replaymesh.repo} or env {@code MESH_REPO} override.
     */
    static Path repoRoot() {
        String explicit = first(System.getProperty("replaymesh.repo"), System.getenv("MESH_REPO"));
        if (explicit != null) {
            return Path.of(explicit).toAbsolutePath();
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("bin/mesh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No bin/mesh in " + start + " or any parent directory: cannot find the"
                + " repository root (set -Dreplaymesh.repo=DIR).");
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }
}
