package dev.replaymesh.mesh;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.errors.ErrorResponseException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Waits for the local Kafka broker and S3 server, then creates the mesh's topics and bucket if
 * they are missing. Safe to run any number of times.
 */
@Command(name = "mesh-setup", mixinStandardHelpOptions = true,
        description = "Creates the replay topics and the S3 bucket of the local mesh (idempotent).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:topics and bucket are in place",
                "2:bad command line",
                "3:Kafka broker not reachable in time",
                "4:S3 server not reachable in time",
                "5:creating or checking the topics failed",
                "6:creating the bucket failed" })
public final class MeshSetup implements Callable<Integer> {

    static final int KAFKA_UNREACHABLE = 3;
    static final int S3_UNREACHABLE = 4;
    static final int TOPICS_FAILED = 5;
    static final int BUCKET_FAILED = 6;

    @Option(names = "--bootstrap", defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
    String bootstrap;

    @Option(names = "--s3-endpoint", defaultValue = "http://127.0.0.1:9000",
            description = "S3 endpoint, path-style (default: ${DEFAULT-VALUE})")
    String s3Endpoint;

    @Option(names = "--access-key", defaultValue = "minioadmin", description = "default: ${DEFAULT-VALUE}")
    String accessKey;

    @Option(names = "--secret-key", defaultValue = "minioadmin", description = "default: ${DEFAULT-VALUE}")
    String secretKey;

    @Option(names = "--bucket", defaultValue = "replay", description = "default: ${DEFAULT-VALUE}")
    String bucket;

    @Option(names = "--partitions", defaultValue = "" + MeshTopics.DEFAULT_PARTITIONS,
            description = "partitions per topic (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--replication-factor", defaultValue = "1", description = "default: ${DEFAULT-VALUE}")
    short replicationFactor;

    @Option(names = "--timeout", defaultValue = "60",
            description = "seconds to wait for each server (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Option(names = "--skip-s3", description = "only the Kafka part")
    boolean skipS3;

    public static void main(String[] args) {
        System.exit(new CommandLine(new MeshSetup()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (partitions < 1 || replicationFactor < 1 || timeoutSeconds < 1) {
            System.err.println("mesh-setup: --partitions, --replication-factor and --timeout must be >= 1");
            return 2;
        }
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        int rc = setUpKafka(timeout);
        if (rc != 0 || skipS3) {
            return rc;
        }
        return setUpBucket(timeout);
    }

    private int setUpKafka(Duration timeout) throws InterruptedException {
        Map<String, Object> conf = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        try (Admin admin = Admin.create(conf)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            String lastError = "no answer";
            while (true) {
                try {
                    int nodes = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
                    System.out.println("mesh-setup: Kafka at " + bootstrap + " is up (" + nodes + " node(s))");
                    break;
                } catch (ExecutionException | TimeoutException e) {
                    lastError = e.getCause() != null ? e.getCause().toString() : e.toString();
                }
                if (System.nanoTime() > deadline) {
                    System.err.println("mesh-setup: no Kafka broker answered at " + bootstrap + " within "
                            + timeout.toSeconds() + " s (" + lastError + "). Start it with `bin/mesh infra up`.");
                    return KAFKA_UNREACHABLE;
                }
                Thread.sleep(500);
            }
            try {
                MeshTopics.Outcome outcome = MeshTopics.ensure(admin, partitions, replicationFactor, timeout,
                        line -> System.out.println("mesh-setup: " + line));
                System.out.println("mesh-setup: topics ready (" + outcome.created().size() + " created, "
                        + outcome.existing().size() + " existing)");
                return 0;
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                System.err.println("mesh-setup: creating topics on " + bootstrap + " failed: " + cause);
                return TOPICS_FAILED;
            }
        }
    }

    private int setUpBucket(Duration timeout) throws InterruptedException {
        URI endpoint;
        try {
            endpoint = URI.create(s3Endpoint);
            if (endpoint.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("mesh-setup: bad --s3-endpoint '" + s3Endpoint + "': " + e.getMessage());
            return 2;
        }
        int port = endpoint.getPort() != -1 ? endpoint.getPort()
                : "https".equals(endpoint.getScheme()) ? 443 : 80;
        long deadline = System.nanoTime() + timeout.toNanos();
        // A plain connect first: the client's own failures on a closed port are slow and wordy.
        while (!accepts(endpoint.getHost(), port)) {
            if (System.nanoTime() > deadline) {
                System.err.println("mesh-setup: no S3 server answered at " + s3Endpoint + " within "
                        + timeout.toSeconds() + " s. Start it with `bin/mesh infra up`.");
                return S3_UNREACHABLE;
            }
            Thread.sleep(250);
        }
        MinioClient s3 = MinioClient.builder()
                .endpoint(s3Endpoint)
                .region("us-east-1")
                .credentials(accessKey, secretKey)
                .build();
        Exception last = null;
        while (System.nanoTime() <= deadline) {
            try {
                if (s3.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                    System.out.println("mesh-setup: bucket " + bucket + " exists at " + s3Endpoint);
                    return 0;
                }
                s3.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                System.out.println("mesh-setup: created bucket " + bucket + " at " + s3Endpoint);
                return 0;
            } catch (ErrorResponseException e) {
                String code = e.errorResponse().code();
                if ("BucketAlreadyOwnedByYou".equals(code) || "BucketAlreadyExists".equals(code)) {
                    System.out.println("mesh-setup: bucket " + bucket + " exists at " + s3Endpoint);
                    return 0;
                }
                // A definite answer from the server (bad credentials, bad name): waiting won't help.
                System.err.println("mesh-setup: creating bucket " + bucket + " at " + s3Endpoint + " failed: "
                        + code + ": " + e.errorResponse().message());
                return BUCKET_FAILED;
            } catch (Exception e) {
                // The port accepts before s3proxy serves requests; retry until the deadline.
                last = e;
                Thread.sleep(250);
            }
        }
        System.err.println("mesh-setup: creating bucket " + bucket + " at " + s3Endpoint + " failed: " + last);
        return BUCKET_FAILED;
    }

    private static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1_000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
