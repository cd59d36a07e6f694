package dev.replaymesh.store.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The S3-compatible object store (MinIO in production), under {@code replay.s3}. */
@ConfigMapping(prefix = "replay.s3")
public interface S3Config {

    /** Endpoint URL, e.g. {@code http://minio.replay.svc:9000}; addressed path-style. */
    String endpoint();

    String accessKey();

    String secretKey();

    /** Bucket of all sessions; created by the mesh's setup, not by this service. */
    @WithDefault("replay")
    String bucket();

    @WithDefault("us-east-1")
    String region();

    /**
     * Requests to the store in flight at once, at most (and connections kept open): enough for
     * the writers ({@code replay.storage.ingest.write-concurrency}), the session loaders and reads.
     */
    @WithDefault("32")
    int maxRequests();
}
