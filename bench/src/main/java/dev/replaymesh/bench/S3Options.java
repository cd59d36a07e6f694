package dev.replaymesh.bench;

import dev.replaymesh.store.objectstore.NoDelaySocketFactory;
import io.minio.MinioClient;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import picocli.CommandLine.Option;

/** The S3 server and bucket, and a MinIO client set up as storage-service's ObjectStore sets up its own. */
final class S3Options {

    @Option(names = "--s3-endpoint", defaultValue = "http://127.0.0.1:9000", description = "(${DEFAULT-VALUE})")
    String endpoint;

    @Option(names = "--s3-access-key", defaultValue = "minioadmin")
    String accessKey;

    @Option(names = "--s3-secret-key", defaultValue = "minioadmin")
    String secretKey;

    @Option(names = "--bucket", defaultValue = "bench-storage", description = "(${DEFAULT-VALUE})")
    String bucket;

    @Option(names = "--tcp-no-delay", description = "open the client's connections with TCP_NODELAY (OkHttp does not)")
    boolean tcpNoDelay;

    /**
     * The MinIO client runs every request through OkHttp's asynchronous dispatcher, which allows 5
     * requests per host at once unless told otherwise; {@code maxRequestsPerHost} 0 keeps that default,
     * as storage-service does. With {@code --tcp-no-delay} its sockets send without waiting (Nagle's
     * algorithm off).
     */
    MinioClient client(int maxRequestsPerHost) {
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectTimeout(5, TimeUnit.SECONDS)
                .writeTimeout(60, TimeUnit.SECONDS)
                .readTimeout(60, TimeUnit.SECONDS)
                .retryOnConnectionFailure(false);
        if (tcpNoDelay) {
            builder.socketFactory(new NoDelaySocketFactory());
        }
        OkHttpClient http = builder.build();
        if (maxRequestsPerHost > 0) {
            http.dispatcher().setMaxRequests(Math.max(64, maxRequestsPerHost));
            http.dispatcher().setMaxRequestsPerHost(maxRequestsPerHost);
        }
        return MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey).region("us-east-1")
                .httpClient(http).build();
    }
}
