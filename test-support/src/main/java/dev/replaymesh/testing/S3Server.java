package dev.replaymesh.testing;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import java.net.InetSocketAddress;
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
    private final ServerScript script;
    private final int port;
    private long pid = -1;
    private Thread shutdownHook;
    private boolean closed;

    /** A server on a free port with a fresh data directory; not started yet. */
    public S3Server() {
        this.port = ServerScript.freePorts(1)[0];
        this.dataDir = ServerScript.tempDir("replay-s3-");
        this.script = new ServerScript("s3-server.sh", dataDir);
    }

    /** Creates and starts a server with the bucket. */
    public static S3Server startNew(String bucket) {
        S3Server server = new S3Server();
        try {
            server.start();
            server.createBucket(bucket);
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Starts the server (again, after {@link #stop()}: same port, same objects). */
    public synchronized S3Server start() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (isRunning()) {
            return this;
        }
        script.run("start", "--data", dataDir.toString(), "--port", Integer.toString(port),
                "--access-key", MeshSettings.s3AccessKey(), "--secret-key", MeshSettings.s3SecretKey(),
                "--timeout", Long.toString(READY_TIMEOUT.toSeconds()),
                "--owner-pid", Long.toString(ProcessHandle.current().pid()));
        pid = script.readPid("s3proxy.pid");
        if (shutdownHook == null) {
            shutdownHook = new Thread(this::stopQuietly, "s3-server-stop-" + port);
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        return this;
    }

    /** Stops the server and returns once its process is gone and its port refuses connections. */
    public synchronized void stop() {
        if (pid < 0) {
            return;
        }
        script.run("stop", "--data", dataDir.toString(), "--timeout", Long.toString(STOP_TIMEOUT.toSeconds()));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ServerScript.alive(pid) || acceptsConnections()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3 server pid " + pid + " on port " + port + " still there after stop");
            }
            ServerScript.sleep(50);
        }
        pid = -1;
    }

    /** Stops the server and deletes its objects. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            stop();
        } finally {
            closed = true;
            if (shutdownHook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException e) {
                    // Already shutting down.
                }
            }
            ServerScript.deleteRecursively(dataDir);
        }
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

    public synchronized OptionalLong pid() {
        return pid >= 0 ? OptionalLong.of(pid) : OptionalLong.empty();
    }

    public synchronized boolean isRunning() {
        return pid >= 0 && ServerScript.alive(pid);
    }

    public boolean acceptsConnections() {
        return MeshSettings.accepts(InetSocketAddress.createUnresolved("127.0.0.1", port), 1_000);
    }

    @Override
    public String toString() {
        return "S3Server[" + endpoint() + ", data " + dataDir + (pid >= 0 ? ", pid " + pid : "") + "]";
    }

    private void stopQuietly() {
        try {
            if (pid >= 0) {
                script.run("stop", "--data", dataDir.toString(), "--timeout", "15");
            }
        } catch (RuntimeException e) {
            System.err.println("stopping " + this + " failed: " + e.getMessage());
        }
    }
}
