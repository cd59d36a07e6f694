package dev.replaymesh.testing;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * A real S3-compatible server of a test's own (the local mesh's s3proxy), for fault tests that
 * stop and restart the object store without disturbing the shared mesh. Started through
 * {@code local-mesh/scripts/s3-server.sh} on a free loopback port with its objects in a temporary
 * directory that {@link #close()} deletes; a restart keeps the objects.
 *
 * <pre>{@code
 * try (S3Server s3 = S3Server.startNew("replay")) {
 *     ... write to s3.endpoint() ...
 *     s3.stop();     // the port refuses connections
 *     s3.start();    // same port, same objects
 * }
 * }</pre>
 */
public final class S3Server implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path dataDir;
    private final ServerScript server;
    private final int port;

    /** A server on a free port with a fresh data directory; not started yet. */
    public S3Server() {
        this.port = ServerScript.freePorts(1)[0];
        this.dataDir = ServerScript.tempDir("replay-s3-");
        this.server = new ServerScript("s3-server.sh", dataDir, port, "s3proxy.pid");
    }

    /** Creates and starts a server with the bucket. */
    public static S3Server startNew(String bucket) {
        S3Server s3 = new S3Server();
        try {
            s3.start();
            s3.createBucket(bucket);
            return s3;
        } catch (RuntimeException e) {
            s3.close();
            throw e;
        }
    }

    /** Starts the server (again, after {@link #stop()}: same port, same objects). */
    public S3Server start() {
        server.start("--access-key", MeshSettings.s3AccessKey(), "--secret-key", MeshSettings.s3SecretKey(),
                "--timeout", Long.toString(READY_TIMEOUT.toSeconds()));
        return this;
    }

    /** Stops the server and returns once its process is gone and its port refuses connections. */
    public void stop() {
        server.stop(STOP_TIMEOUT);
    }

    /** Stops the server and deletes its objects. */
    @Override
    public void close() {
        server.close(STOP_TIMEOUT);
    }

    public void createBucket(String bucket) {
        MinioClient client = MinioClient.builder().endpoint(endpoint())
                .credentials(MeshSettings.s3AccessKey(), MeshSettings.s3SecretKey()).build();
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
        } catch (Exception e) {
            throw new IllegalStateException("creating bucket " + bucket + " at " + endpoint() + " failed", e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public OptionalLong pid() {
        long pid = server.pid();
        return pid >= 0 ? OptionalLong.of(pid) : OptionalLong.empty();
    }

    public boolean isRunning() {
        return server.isRunning();
    }

    public boolean acceptsConnections() {
        return server.acceptsConnections();
    }

    @Override
    public String toString() {
        return "S3Server[" + endpoint() + ", data " + dataDir + pid().stream()
                .mapToObj(p -> ", pid " + p).findFirst().orElse("") + "]";
    }
}
