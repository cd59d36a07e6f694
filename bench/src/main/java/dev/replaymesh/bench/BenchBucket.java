package dev.replaymesh.bench;

import io.minio.BucketExistsArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.RemoveBucketArgs;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.messages.DeleteError;
import io.minio.messages.DeleteObject;
import io.minio.messages.Item;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The benchmark's own bucket: create it, empty it, delete it, or say what storage-service wrote into it. */
@Command(name = "bucket", mixinStandardHelpOptions = true,
        description = "create | empty | delete the benchmark bucket, or stats: chunk and manifest objects and sizes.")
final class BenchBucket implements Callable<Integer> {

    @Mixin
    S3Options s3;

    @Parameters(index = "0", description = "create, empty, delete or stats")
    String action;

    @Option(names = "--prefix", defaultValue = "", description = "empty / stats: only under this prefix")
    String prefix;

    record Listed(String key, long size) {
    }

    @Override
    public Integer call() throws Exception {
        MinioClient client = s3.client(0);
        boolean exists = client.bucketExists(BucketExistsArgs.builder().bucket(s3.bucket).build());
        switch (action) {
            case "create" -> {
                if (!exists) {
                    client.makeBucket(MakeBucketArgs.builder().bucket(s3.bucket).build());
                }
            }
            case "empty" -> {
                if (exists) {
                    delete(client, s3.bucket, list(client, s3.bucket, prefix).stream().map(Listed::key).toList());
                }
            }
            case "delete" -> {
                if (exists) {
                    delete(client, s3.bucket, list(client, s3.bucket, "").stream().map(Listed::key).toList());
                    client.removeBucket(RemoveBucketArgs.builder().bucket(s3.bucket).build());
                }
            }
            case "stats" -> {
                List<Listed> all = exists ? list(client, s3.bucket, prefix) : List.of();
                System.out.println("CHUNKS " + describe(all.stream().filter(o -> o.key().endsWith(".zst"))
                        .mapToLong(Listed::size).toArray()));
                System.out.println("MANIFESTS " + describe(all.stream().filter(o -> o.key().endsWith("/manifest.json"))
                        .mapToLong(Listed::size).toArray()));
            }
            default -> throw new IllegalArgumentException("unknown action " + action);
        }
        return 0;
    }

    static List<Listed> list(MinioClient client, String bucket, String prefix) throws Exception {
        List<Listed> out = new ArrayList<>();
        for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true)
                .build())) {
            Item item = r.get();
            out.add(new Listed(item.objectName(), item.size()));
        }
        return out;
    }

    static void delete(MinioClient client, String bucket, List<String> keys) throws Exception {
        for (int from = 0; from < keys.size(); from += 1000) {
            List<DeleteObject> batch = keys.subList(from, Math.min(keys.size(), from + 1000)).stream()
                    .map(DeleteObject::new).toList();
            for (Result<DeleteError> r : client.removeObjects(RemoveObjectsArgs.builder().bucket(bucket).objects(batch)
                    .build())) {
                DeleteError e = r.get();
                throw new IllegalStateException("DELETE " + e.objectName() + ": " + e.message());
            }
        }
    }

    /** {@code count=... bytes=... mean=... p10=... p50=... p90=... max=...}. */
    static String describe(long[] sizes) {
        long[] s = sizes.clone();
        Arrays.sort(s);
        long total = Arrays.stream(s).sum();
        return String.format("count=%d bytes=%d mean=%.0f p10=%d p50=%d p90=%d max=%d", s.length, total,
                s.length == 0 ? 0.0 : (double) total / s.length, at(s, 0.1), at(s, 0.5), at(s, 0.9),
                s.length == 0 ? 0 : s[s.length - 1]);
    }

    private static long at(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))];
    }
}
