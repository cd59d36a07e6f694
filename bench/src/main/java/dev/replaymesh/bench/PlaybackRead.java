package dev.replaymesh.bench;

import dev.replaymesh.contract.EventTypes;
import dev.replaymesh.format.Events;
import dev.replaymesh.format.FormatVersion;
import dev.replaymesh.format.FrameCodec;
import dev.replaymesh.format.chunk.Chunk;
import dev.replaymesh.format.chunk.ChunkBuilder;
import dev.replaymesh.format.chunk.ChunkCodec;
import dev.replaymesh.format.session.Activity;
import dev.replaymesh.format.session.ChunkEntry;
import dev.replaymesh.format.session.IngestState;
import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.format.session.ManifestCodec;
import dev.replaymesh.format.session.ObjectKeys;
import dev.replaymesh.format.session.RedactionSummary;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.proto.v1.EventBatch;
import dev.replaymesh.proto.v1.PlayRequest;
import dev.replaymesh.proto.v1.PlaybackServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Writes one long session into the bucket as storage lays it out (chunks of {@code --chunk-bytes}
 * frames at zstd {@code --level}, a manifest), then reads it {@code --runs} times each way and prints
 * a Markdown table: raw MinIO-client GETs of its chunks plus zstd decompression (the limit), a
 * gRPC play of the whole session through playback-service (time to first event, events/s), and a
 * play from the middle (time to its first event).
 */
@Command(name = "read", mixinStandardHelpOptions = true, description = "Measure reads of one long session.")
final class PlaybackRead implements Callable<Integer> {

    @Mixin
    S3Options s3;

    @Option(names = "--playback-host", defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--playback-port", required = true)
    int port;

    @Option(names = "--project", defaultValue = "bench")
    String project;

    @Option(names = "--read-key", defaultValue = "bench-read-key")
    String readKey;

    @Option(names = "--minutes", defaultValue = "60", description = "session length (${DEFAULT-VALUE})")
    int minutes;

    @Option(names = "--events-per-second", defaultValue = "4.2",
            description = "mean rate; the recorded fixtures have 4.2 (${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--pages", defaultValue = "60", description = "page loads, each a Meta + FullSnapshot (${DEFAULT-VALUE})")
    int pages;

    @Option(names = "--rows", defaultValue = "40", description = "mean table rows per page snapshot (${DEFAULT-VALUE})")
    int rows;

    @Option(names = "--chunk-bytes", defaultValue = "4194304", description = "storage's chunk.max-bytes (${DEFAULT-VALUE})")
    int chunkBytes;

    @Option(names = "--level", defaultValue = "9", description = "zstd level (${DEFAULT-VALUE})")
    int level;

    @Option(names = "--runs", defaultValue = "10", description = "measured reads of each kind (${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--warmup", defaultValue = "5", description = "reads of each kind before measuring, for the JIT (${DEFAULT-VALUE})")
    int warmup;

    @Override
    public Integer call() throws Exception {
        MinioClient client = s3.client(0);
        String sessionId = "long-" + System.currentTimeMillis();
        Manifest manifest = write(client, sessionId);
        long raw = manifest.rawBytes();
        System.err.printf("playback-bench: wrote %s: %d events, %d chunks, %.1f MB of frames, %.1f MB stored%n",
                sessionId, manifest.eventCount(), manifest.chunks().size(), raw / 1e6, manifest.storedBytes() / 1e6);

        ManagedChannel channel = NettyChannelBuilder.forAddress(host, port).usePlaintext()
                .maxInboundMessageSize(64 << 20).build();
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + readKey);
        PlaybackServiceGrpc.PlaybackServiceBlockingStub stub = PlaybackServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        long middle = (manifest.startMs() + manifest.endMs()) / 2;

        List<double[]> rawRuns = new ArrayList<>();
        List<double[]> playRuns = new ArrayList<>();
        List<double[]> seekRuns = new ArrayList<>();
        List<double[]> batchedRuns = new ArrayList<>();
        List<double[]> batchedSeekRuns = new ArrayList<>();
        List<double[]> httpRuns = new ArrayList<>();
        List<double[]> bytesRuns = new ArrayList<>();
        ChunkCodec codec = new ChunkCodec();
        for (int run = 0; run < warmup + runs; run++) {
            rawRuns.add(rawRead(client, manifest, codec));
            playRuns.add(play(stub, sessionId, 0, manifest.eventCount()));
            seekRuns.add(play(stub, sessionId, middle, -1));
            batchedRuns.add(playBatched(stub, sessionId, 0, manifest.eventCount()));
            batchedSeekRuns.add(playBatched(stub, sessionId, middle, -1));
            httpRuns.add(http(sessionId, manifest.eventCount()));
            bytesRuns.add(playBatchedBytes(channel, headers, sessionId));
        }
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);

        double events = manifest.eventCount();
        double[] rawTotal = column(rawRuns, 1);
        double[] playTotal = column(playRuns, 1);
        System.out.printf("| session | %d min, %,d events, %d chunks, %.1f MB frames, %.1f MB stored (zstd %d) |%n",
                minutes, manifest.eventCount(), manifest.chunks().size(), raw / 1e6, manifest.storedBytes() / 1e6, level);
        System.out.println();
        System.out.println("| read (median of " + runs + ", after " + warmup + " warm-up) | first event | whole session | events/s | MB/s of frames |");
        System.out.println("| --- | ---: | ---: | ---: | ---: |");
        row("raw GET + zstd decompress of every chunk", median(column(rawRuns, 0)), median(rawTotal), events, raw);
        double[] batchedTotal = column(batchedRuns, 1);
        double[] httpTotal = column(httpRuns, 1);
        row("gRPC PlayBatched from the start", median(column(batchedRuns, 0)), median(batchedTotal), events, raw);
        row("gRPC PlayBatched, messages not parsed by the client", median(column(bytesRuns, 0)),
                median(column(bytesRuns, 1)), events, raw);
        row("gRPC Play (an event a message) from the start", median(column(playRuns, 0)), median(playTotal), events, raw);
        row("HTTP GET /v1/sessions/{id}/events (NDJSON envelopes)", median(column(httpRuns, 0)), median(httpTotal),
                events, raw);
        System.out.printf("| gRPC PlayBatched from the middle (seek) | %.1f ms | | | |%n", median(column(batchedSeekRuns, 0)));
        System.out.printf("| gRPC Play from the middle (seek) | %.1f ms | | | |%n", median(column(seekRuns, 0)));
        System.out.printf("%nof raw events/s: PlayBatched %.0f %%, Play %.0f %%, HTTP %.0f %%%n",
                100 * median(rawTotal) / median(batchedTotal), 100 * median(rawTotal) / median(playTotal),
                100 * median(rawTotal) / median(httpTotal));
        System.out.printf("runs (ms): raw %s; PlayBatched %s; Play %s; HTTP %s; seek first event: PlayBatched %s, Play %s%n",
                list(rawTotal), list(batchedTotal), list(playTotal), list(httpTotal), list(column(batchedSeekRuns, 0)),
                list(column(seekRuns, 0)));
        return 0;
    }

    private Manifest write(MinioClient client, String sessionId) throws Exception {
        long start = 1_795_000_000_000L;
        long span = minutes * 60_000L;
        int total = (int) Math.round(rate * minutes * 60);
        RrwebSessions generator = new RrwebSessions("x", 1, pages, Math.max(1, total / pages - 4), rows, 42);
        ChunkCodec codec = new ChunkCodec(level, new FrameCodec());
        ChunkBuilder builder = new ChunkBuilder(new FrameCodec());
        List<ChunkEntry> chunks = new ArrayList<>();
        long rawBytes = 0;
        long stored = 0;
        for (int i = 0; i < total; i++) {
            RrwebSessions.Generated g = generator.next();
            long ts = start + span * i / total;
            String json = new String(g.json(), java.nio.charset.StandardCharsets.UTF_8)
                    .replaceFirst("\"timestamp\":\\d+}$", "\"timestamp\":" + ts + "}");
            builder.add(Events.withPayloadCrc(Event.newBuilder().setProject(project).setSessionId(sessionId)
                    .setWindowId("w1").setSeq(i + 1).setClientSeq(i + 1).setClientTimestampMs(ts)
                    .setServerReceivedMs(ts + 40).setEventType(g.type())
                    .setPayload(com.google.protobuf.ByteString.copyFromUtf8(json)).build()));
            if (builder.rawBytes() >= chunkBytes || i == total - 1) {
                Chunk chunk = builder.build(codec, ObjectKeys.chunk(project, sessionId, builder.firstReceivedMs(),
                        builder.firstSeq(), builder.lastSeq()));
                put(client, chunk.entry().key(), chunk.stored());
                chunks.add(chunk.entry());
                rawBytes += chunk.entry().rawBytes();
                stored += chunk.entry().storedBytes();
                builder.clear();
            }
        }
        Manifest manifest = new Manifest(FormatVersion.CURRENT.toString(), project, sessionId, null, start,
                start + span * (total - 1) / total, start + span, total, rawBytes, stored, true,
                System.currentTimeMillis(), chunks, Activity.NONE, RedactionSummary.EMPTY, IngestState.EMPTY);
        put(client, ObjectKeys.manifest(project, sessionId), new ManifestCodec().write(manifest));
        if (manifest.chunks().stream().noneMatch(c -> c.firstFullSnapshot() != null)) {
            throw new IllegalStateException("no FullSnapshot in the session: a seek would read from the start");
        }
        return manifest;
    }

    /** {first chunk read (ms), all chunks read (ms)}: GET each whole, then decompress it. */
    private double[] rawRead(MinioClient client, Manifest manifest, ChunkCodec codec) throws Exception {
        long t0 = System.nanoTime();
        double first = -1;
        long bytes = 0;
        for (ChunkEntry c : manifest.chunks()) {
            byte[] stored;
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(s3.bucket).object(c.key()).build())) {
                stored = in.readAllBytes();
            }
            bytes += codec.decompress(stored, c.key()).length;
            if (first < 0) {
                first = (System.nanoTime() - t0) / 1e6;
            }
        }
        if (bytes != manifest.rawBytes()) {
            throw new IllegalStateException("decompressed " + bytes + " bytes, the manifest says " + manifest.rawBytes());
        }
        return new double[] {first, (System.nanoTime() - t0) / 1e6};
    }

    /** {first event (ms), whole stream (ms)} of Play; checks the count when {@code expected} >= 0. */
    private double[] play(PlaybackServiceGrpc.PlaybackServiceBlockingStub stub, String sessionId, long fromMs,
            long expected) {
        long t0 = System.nanoTime();
        return timed(t0, stub.withDeadlineAfter(10, TimeUnit.MINUTES).play(request(sessionId, fromMs)), e -> 1,
                e -> e, fromMs, expected);
    }

    /** The same for PlayBatched. */
    private double[] playBatched(PlaybackServiceGrpc.PlaybackServiceBlockingStub stub, String sessionId, long fromMs,
            long expected) {
        long t0 = System.nanoTime();
        return timed(t0, stub.withDeadlineAfter(10, TimeUnit.MINUTES).playBatched(request(sessionId, fromMs)),
                EventBatch::getEventsCount, b -> b.getEvents(0), fromMs, expected);
    }

    private static PlayRequest request(String sessionId, long fromMs) {
        return PlayRequest.newBuilder().setSessionId(sessionId).setFromMs(fromMs).build();
    }

    /**
     * Reads a stream of messages to its end: {first message (ms), all (ms)} since {@code t0}. A seek
     * must start at a Meta or FullSnapshot; the event count is checked when {@code expected} >= 0.
     */
    private static <M> double[] timed(long t0, Iterator<M> messages, ToIntFunction<M> events,
            Function<M, Event> firstEvent, long fromMs, long expected) {
        double first = -1;
        long n = 0;
        while (messages.hasNext()) {
            M m = messages.next();
            if (first < 0) {
                first = (System.nanoTime() - t0) / 1e6;
                int type = firstEvent.apply(m).getEventType();
                if (fromMs > 0 && type != EventTypes.META && type != EventTypes.FULL_SNAPSHOT) {
                    throw new IllegalStateException("a seek started at an event of type " + type);
                }
            }
            n += events.applyAsInt(m);
        }
        if (expected >= 0 && n != expected) {
            throw new IllegalStateException("played " + n + " events of " + expected);
        }
        return new double[] {first, (System.nanoTime() - t0) / 1e6};
    }

    /** {first line (ms), whole body (ms)} of the NDJSON events endpoint. */
    private double[] http(String sessionId, long expected) throws Exception {
        long t0 = System.nanoTime();
        java.net.http.HttpResponse<java.util.stream.Stream<String>> r = HTTP.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://" + host + ":" + port + "/v1/sessions/" + sessionId + "/events"))
                .header("Authorization", "Bearer " + readKey).build(), java.net.http.HttpResponse.BodyHandlers.ofLines());
        double[] first = {-1};
        long n = r.body().peek(line -> {
            if (first[0] < 0) {
                first[0] = (System.nanoTime() - t0) / 1e6;
            }
        }).count();
        if (n != expected) {
            throw new IllegalStateException("read " + n + " lines of " + expected);
        }
        return new double[] {first[0], (System.nanoTime() - t0) / 1e6};
    }

    /** PlayBatched read as bytes: what the service and the transport cost without the client's parsing. */
    private double[] playBatchedBytes(ManagedChannel channel, Metadata headers, String sessionId) {
        io.grpc.MethodDescriptor.Marshaller<byte[]> bytes = new io.grpc.MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(byte[] value) {
                return new ByteArrayInputStream(value);
            }

            @Override
            public byte[] parse(InputStream in) {
                try {
                    return in.readAllBytes();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        io.grpc.MethodDescriptor<byte[], byte[]> method = PlaybackServiceGrpc.getPlayBatchedMethod().toBuilder(bytes, bytes)
                .build();
        long t0 = System.nanoTime();
        Iterator<byte[]> messages = io.grpc.stub.ClientCalls.blockingServerStreamingCall(
                io.grpc.ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers)), method,
                io.grpc.CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.MINUTES),
                PlayRequest.newBuilder().setSessionId(sessionId).build().toByteArray());
        double first = -1;
        while (messages.hasNext()) {
            messages.next();
            if (first < 0) {
                first = (System.nanoTime() - t0) / 1e6;
            }
        }
        return new double[] {first, (System.nanoTime() - t0) / 1e6};
    }

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

    private void put(MinioClient client, String key, byte[] bytes) throws Exception {
        client.putObject(PutObjectArgs.builder().bucket(s3.bucket).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
    }

    private static void row(String what, double firstMs, double totalMs, double events, double rawBytes) {
        System.out.printf("| %s | %.1f ms | %.0f ms | %,.0f | %.1f |%n", what, firstMs, totalMs,
                events / (totalMs / 1000), rawBytes / 1e6 / (totalMs / 1000));
    }

    /** One value of every measured run (the warm-up runs left out). */
    private double[] column(List<double[]> all, int i) {
        return all.stream().skip(warmup).mapToDouble(r -> r[i]).toArray();
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String list(double[] values) {
        return Arrays.toString(Arrays.stream(values).map(Math::round).toArray());
    }
}
