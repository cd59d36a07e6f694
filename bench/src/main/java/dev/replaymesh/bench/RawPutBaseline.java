package dev.replaymesh.bench;

import dev.replaymesh.format.chunk.ChunkCodec;
import dev.replaymesh.format.chunk.ChunkDictionary;
import dev.replaymesh.format.session.ChunkEntry;
import dev.replaymesh.format.session.ManifestCodec;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The raw baseline of storage throughput: the MinIO client PUTting the very chunk objects
 * storage-service wrote (read back first, not timed) to the same S3 server, from
 * {@code --concurrency} threads (storage-service's {@code write-concurrency}) each doing nothing but
 * PUTs, with the client set up as the service sets up its own (same timeouts, same OkHttp
 * defaults). Each pass PUTs all of them under a prefix of its own; the copies are deleted after
 * each pass (not timed). With {@code --manifest-per-chunk} each chunk PUT is followed by a PUT of
 * its session's manifest, as the service writes a chunk and then the manifest that names it: the
 * same requests of the same sizes. MB/s counts the chunk bytes either way, as the service's figure
 * does. Prints the object sizes, then one {@code RESULT} line per pass.
 */
@Command(name = "raw-puts", mixinStandardHelpOptions = true,
        description = "PUT the chunks storage-service wrote again with the plain MinIO client, as fast as it goes.")
final class RawPutBaseline implements Callable<Integer> {

    @Mixin
    S3Options s3;

    @Option(names = "--prefix", defaultValue = "sessions/", description = "objects to copy (${DEFAULT-VALUE})")
    String prefix;

    @Option(names = "--suffix", defaultValue = ".zst", description = "only keys ending so: chunks (${DEFAULT-VALUE})")
    String suffix;

    @Option(names = "--target-prefix", defaultValue = "raw-puts/", description = "(${DEFAULT-VALUE})")
    String targetPrefix;

    @Option(names = "--concurrency", defaultValue = "8", description = "PUTs in flight (${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--max-requests-per-host", defaultValue = "0",
            description = "OkHttp dispatcher limit; 0 keeps OkHttp's default of 5, as storage-service does (${DEFAULT-VALUE})")
    int maxRequestsPerHost;

    @Option(names = "--manifest-per-chunk", description = "PUT the session's manifest after each chunk, as the service does")
    boolean manifestPerChunk;

    @Option(names = "--frames", description = "PUT each chunk's frames uncompressed instead of the chunk (what storing the events as they are would write)")
    boolean frames;

    @Option(names = "--max-frame-bytes", defaultValue = "600000000", description = "with --frames, at most this much (${DEFAULT-VALUE})")
    long maxFrameBytes;

    @Option(names = "--passes", defaultValue = "3", description = "(${DEFAULT-VALUE})")
    int passes;

    @Option(names = "--warmup-passes", defaultValue = "1", description = "first passes not counted (${DEFAULT-VALUE})")
    int warmupPasses;

    @Option(names = "--max-bytes", defaultValue = "1500000000", description = "read back at most this much (${DEFAULT-VALUE})")
    long maxBytes;

    @Option(names = "--watch", description = "NAME=PID of a process whose CPU is reported")
    Map<String, Long> watch = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        MinioClient client = s3.client(maxRequestsPerHost);
        List<BenchBucket.Listed> listed = BenchBucket.list(client, s3.bucket, prefix).stream()
                .filter(o -> o.key().endsWith(suffix)).toList();
        List<BenchBucket.Listed> chosen = new ArrayList<>();
        long total = 0;
        for (BenchBucket.Listed o : listed) {
            if (total + o.size() > maxBytes) {
                break;
            }
            chosen.add(o);
            total += o.size();
        }
        if (chosen.isEmpty()) {
            StorageBench.say("raw-puts: no objects under %s%s in bucket %s", prefix, suffix.isEmpty() ? "" : " ending " + suffix,
                    s3.bucket);
            return 1;
        }
        if (chosen.size() < listed.size()) {
            StorageBench.say("raw-puts: using %d of %d objects (--max-bytes)", chosen.size(), listed.size());
        }
        byte[][] data = read(client, chosen);
        Map<String, byte[]> manifests = new HashMap<>();
        if (manifestPerChunk || frames) {
            List<BenchBucket.Listed> listedManifests = new ArrayList<>();
            for (BenchBucket.Listed o : chosen) {
                String key = manifestOf(o.key());
                if (!manifests.containsKey(key)) {
                    manifests.put(key, null);
                    listedManifests.add(new BenchBucket.Listed(key, 0));
                }
            }
            byte[][] bytes = read(client, listedManifests);
            for (int i = 0; i < bytes.length; i++) {
                manifests.put(listedManifests.get(i).key(), bytes[i]);
            }
        }
        if (frames) {
            int kept = inflate(client, chosen, data, manifests);
            if (kept < chosen.size()) {
                StorageBench.say("raw-puts: using the frames of %d of %d chunks (--max-frame-bytes)", kept, chosen.size());
                chosen = chosen.subList(0, kept);
                data = java.util.Arrays.copyOf(data, kept);
            }
            total = 0;
            for (byte[] d : data) {
                total += d.length;
            }
        }
        long[] sizes = new long[data.length];
        for (int i = 0; i < data.length; i++) {
            sizes[i] = data[i].length;
        }
        System.out.println("OBJECTS " + BenchBucket.describe(sizes));
        Map<String, Long> watched = new LinkedHashMap<>(watch);
        watched.putIfAbsent("puts", ProcessHandle.current().pid());
        CpuSampler cpu = new CpuSampler(watched);
        for (int pass = 1; pass <= passes; pass++) {
            String to = targetPrefix + "pass-" + pass + "/";
            CpuSampler.Sample a = cpu.sample();
            long t0 = System.nanoTime();
            runPass(client, chosen, data, manifests, to);
            double seconds = (System.nanoTime() - t0) / 1e9;
            CpuSampler.Sample b = cpu.sample();
            System.out.printf("RESULT pass=%d warmup=%b objects=%d bytes=%d seconds=%.2f mb_per_s=%.2f puts_per_s=%.0f"
                            + " concurrency=%d max_requests_per_host=%s manifest_per_chunk=%b frames=%b%n", pass, pass <= warmupPasses, chosen.size(), total,
                    seconds, total / seconds / 1e6, chosen.size() / seconds, concurrency,
                    maxRequestsPerHost == 0 ? "okhttp-default-5" : Integer.toString(maxRequestsPerHost), manifestPerChunk, frames);
            System.out.println("CPU " + CpuSampler.describe(a, b));
            System.out.flush();
            BenchBucket.delete(client, s3.bucket, BenchBucket.list(client, s3.bucket, to).stream()
                    .map(BenchBucket.Listed::key).toList());
        }
        return 0;
    }

    private void runPass(MinioClient client, List<BenchBucket.Listed> objects, byte[][] data,
            Map<String, byte[]> manifests, String to) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < objects.size(); i = next.getAndIncrement()) {
                        byte[] bytes = data[i];
                        client.putObject(PutObjectArgs.builder().bucket(s3.bucket).object(to + objects.get(i).key())
                                .stream(new ByteArrayInputStream(bytes), bytes.length, -1)
                                .contentType("application/zstd").build());
                        if (manifestPerChunk) {
                            String key = manifestOf(objects.get(i).key());
                            byte[] manifest = manifests.get(key);
                            client.putObject(PutObjectArgs.builder().bucket(s3.bucket).object(to + key)
                                    .stream(new ByteArrayInputStream(manifest), manifest.length, -1)
                                    .contentType("application/json").build());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Replaces each chunk by its frames (with the dictionary its manifest entry names), up to
     * {@code --max-frame-bytes}; how many chunks were replaced (the first ones).
     */
    private int inflate(MinioClient client, List<BenchBucket.Listed> chunks, byte[][] data, Map<String, byte[]> manifests)
            throws Exception {
        ManifestCodec codec = new ManifestCodec();
        ChunkCodec chunkCodec = new ChunkCodec();
        Map<String, ChunkEntry> entries = new HashMap<>();
        for (Map.Entry<String, byte[]> m : manifests.entrySet()) {
            codec.read(m.getValue(), m.getKey()).chunks().forEach(c -> entries.put(c.key(), c));
        }
        Map<String, ChunkDictionary> dictionaries = new HashMap<>();
        long total = 0;
        for (int i = 0; i < data.length; i++) {
            ChunkEntry entry = entries.get(chunks.get(i).key());
            ChunkDictionary dictionary = null;
            if (entry != null && entry.dictionary() != null) {
                dictionary = dictionaries.get(entry.dictionary());
                if (dictionary == null) {
                    try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(s3.bucket)
                            .object(entry.dictionary()).build())) {
                        dictionary = ChunkDictionary.read(entry.dictionary(), in.readAllBytes());
                    }
                    dictionaries.put(entry.dictionary(), dictionary);
                }
            }
            byte[] inflated = chunkCodec.decompress(data[i], chunks.get(i).key(), dictionary);
            if (total + inflated.length > maxFrameBytes) {
                return i;
            }
            data[i] = inflated;
            total += inflated.length;
        }
        return data.length;
    }

    /** sessions/{project}/{session}/chunks/... → sessions/{project}/{session}/manifest.json */
    private static String manifestOf(String chunkKey) {
        return chunkKey.substring(0, chunkKey.indexOf("/chunks/") + 1) + "manifest.json";
    }

    private byte[][] read(MinioClient client, List<BenchBucket.Listed> objects) throws Exception {
        byte[][] data = new byte[objects.size()][];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> readers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                readers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < objects.size(); i = next.getAndIncrement()) {
                        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(s3.bucket)
                                .object(objects.get(i).key()).build())) {
                            data[i] = in.readAllBytes();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : readers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return data;
    }
}
