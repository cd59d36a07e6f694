package dev.replaymesh.store.objectstore;

import dev.replaymesh.store.config.S3Config;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.SetBucketLifecycleArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.DeleteError;
import io.minio.messages.DeleteObject;
import io.minio.messages.Expiration;
import io.minio.messages.Item;
import io.minio.messages.LifecycleConfiguration;
import io.minio.messages.LifecycleRule;
import io.minio.messages.RuleFilter;
import io.minio.messages.Status;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/** The bucket of sessions, through the MinIO client; every failure is an {@link ObjectStoreException}. */
@ApplicationScoped
public class ObjectStore {

    private final MinioClient client;
    private final String bucket;

    public ObjectStore(S3Config config) {
        // Short timeouts: a store that does not answer must show up as a failure to retry, not a hang.
        OkHttpClient http = new OkHttpClient.Builder()
                .connectTimeout(5, TimeUnit.SECONDS)
                .writeTimeout(60, TimeUnit.SECONDS)
                .readTimeout(60, TimeUnit.SECONDS)
                // A pooled connection the server closed while idle fails the next request on it with
                // "unexpected end of stream": OkHttp then retries it on a fresh connection. Every
                // request we send is safe to repeat (GET, HEAD, a PUT of the same bytes, DELETE).
                .retryOnConnectionFailure(true)
                .socketFactory(new NoDelaySocketFactory())
                // Idle connections are dropped before servers and load balancers commonly drop them
                // (s3proxy's Jetty after 30 s), so that stale ones are rare in the first place.
                .connectionPool(new ConnectionPool(config.maxRequests(), 20, TimeUnit.SECONDS))
                .build();
        // The MinIO client sends every request through OkHttp's dispatcher, which runs 5 per host
        // at once by default: fewer than the writer threads (and loaders) ask for.
        http.dispatcher().setMaxRequests(config.maxRequests());
        http.dispatcher().setMaxRequestsPerHost(config.maxRequests());
        this.client = MinioClient.builder()
                .endpoint(config.endpoint())
                .credentials(config.accessKey(), config.secretKey())
                .region(config.region())
                .httpClient(http)
                .build();
        this.bucket = config.bucket();
    }

    public String bucket() {
        return bucket;
    }

    public void put(String key, byte[] data, String contentType) {
        try {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                    .stream(new ByteArrayInputStream(data), data.length, -1)
                    .contentType(contentType).build());
        } catch (Exception e) {
            throw failure("PUT " + key, e);
        }
    }

    /** The object's bytes, or empty if there is no such object. */
    public Optional<byte[]> get(String key) {
        Optional<InputStream> found = openIfExists(key);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = found.get()) {
            return Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw failure("GET " + key, e);
        }
    }

    /** Streams an object, or empty if there is no such object; the caller closes the stream. */
    public Optional<InputStream> openIfExists(String key) {
        try {
            return Optional.of(client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()));
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw failure("GET " + key, e);
        } catch (Exception e) {
            throw failure("GET " + key, e);
        }
    }

    /** Keys of every object under {@code prefix}. */
    public List<String> list(String prefix) {
        List<String> keys = new ArrayList<>();
        try {
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(true).build())) {
                keys.add(r.get().objectName());
            }
        } catch (Exception e) {
            throw failure("LIST " + prefix, e);
        }
        return keys;
    }

    /** Deletes the objects (absent ones count as deleted). */
    public void delete(List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        List<DeleteObject> objects = keys.stream().map(DeleteObject::new).toList();
        try {
            for (Result<DeleteError> r : client.removeObjects(RemoveObjectsArgs.builder().bucket(bucket)
                    .objects(objects).build())) {
                DeleteError error = r.get();
                throw new ObjectStoreException("DELETE " + error.objectName() + ": " + error.message(), null);
            }
        } catch (ObjectStoreException e) {
            throw e;
        } catch (Exception e) {
            throw failure("DELETE " + keys.size() + " objects", e);
        }
    }

    /**
     * Replaces the bucket's lifecycle rules: objects under each prefix expire the given days after
     * they were written.
     *
     * @return false if the server does not implement bucket lifecycle
     */
    public boolean setExpiry(Map<String, Integer> daysByPrefix) {
        List<LifecycleRule> rules = new ArrayList<>();
        daysByPrefix.forEach((prefix, days) -> rules.add(new LifecycleRule(Status.ENABLED, null,
                new Expiration((ZonedDateTime) null, days, null), new RuleFilter(prefix), "expire " + prefix,
                null, null, null)));
        try {
            client.setBucketLifecycle(SetBucketLifecycleArgs.builder().bucket(bucket)
                    .config(new LifecycleConfiguration(rules)).build());
            return true;
        } catch (ErrorResponseException e) {
            String code = e.errorResponse().code();
            if ("NotImplemented".equals(code) || e.response() != null && e.response().code() == 501) {
                return false;
            }
            throw failure("PUT lifecycle", e);
        } catch (Exception e) {
            throw failure("PUT lifecycle", e);
        }
    }

    public boolean bucketExists() {
        try {
            return client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
        } catch (Exception e) {
            throw failure("HEAD bucket " + bucket, e);
        }
    }

    private ObjectStoreException failure(String what, Exception e) {
        return new ObjectStoreException(what + " in bucket " + bucket + " failed: " + e, e);
    }
}
