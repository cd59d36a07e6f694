package dev.replaymesh.bench;

import com.github.luben.zstd.ZstdDictTrainer;
import dev.replaymesh.contract.EventTypes;
import dev.replaymesh.format.FrameCodec;
import dev.replaymesh.format.FrameReader;
import dev.replaymesh.format.chunk.ChunkCodec;
import dev.replaymesh.proto.v1.Event;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * How small and how fast stored chunks are with each candidate compression, on real rrweb
 * recordings (the storage-service fixtures). For each session, its events become envelopes and
 * frames as storage-service holds them ({@link RecordedSession}), the frames are cut into chunks
 * ({@link ChunkSplit}: the whole session, ~1 MiB, ~256 KiB, ~64 KiB, 30 s as the service's
 * defaults cut them, or 60 s), and each chunk is compressed as one object. Dictionaries are trained leave-one-out: the one
 * used on a session was trained on the other sessions' frames only.
 *
 * <p>Reported: ratio against the session as raw NDJSON (the fixture file) and against its raw
 * frames, stored bytes per recorded minute (last minus first rrweb timestamp), and compression and
 * decompression speed in MB/s (10^6 bytes) of raw frames, the median of repeated runs after a
 * warm-up, per round. Prints Markdown; {@code bench/compression.sh} runs it.
 *
 * <pre>
 * java -cp ... dev.replaymesh.bench.CompressionBench [--fixtures DIR] [--out DIR] [--rounds N]
 *     [--min-reps N] [--min-time-ms MS] [--dict-sizes BYTES,...] [--levels N,...] [--dict-levels N,...]
 * </pre>
 */
public final class CompressionBench {

    private static final int LONG_WINDOW_LOG = 27;

    private final List<RecordedSession> sessions;
    private final int rounds;
    private final int minReps;
    private final long minNanos;
    private final int[] dictSizes;
    private final int[] levels;
    private final int[] dictLevels;
    private final StringBuilder report = new StringBuilder();
    private long sink;

    private CompressionBench(List<RecordedSession> sessions, int rounds, int minReps, long minNanos, int[] dictSizes,
            int[] levels, int[] dictLevels) {
        this.sessions = sessions;
        this.rounds = rounds;
        this.minReps = minReps;
        this.minNanos = minNanos;
        this.dictSizes = dictSizes;
        this.levels = levels;
        this.dictLevels = dictLevels;
    }

    /** A compression to measure; dictionaries depend on the session measured (leave-one-out). */
    private record Candidate(String name, Function<RecordedSession, ChunkCompressor> make) {
    }

    /** Sizes of one candidate on one split, per session; timings per round. */
    private static final class Result {
        final long[] stored;
        final int[] chunks;
        final double[][] compressNanos; // [round][session]
        final double[][] decompressNanos;

        Result(int sessions, int rounds) {
            stored = new long[sessions];
            chunks = new int[sessions];
            compressNanos = new double[rounds][sessions];
            decompressNanos = new double[rounds][sessions];
        }
    }

    public static void main(String[] args) throws Exception {
        Path fixtures = Path.of("test-support/src/main/resources/fixtures");
        Path out = Path.of("bench/target/compression");
        int rounds = 2;
        int minReps = 5;
        long minTimeMs = 300;
        int[] dictSizes = {64 * 1024, 112 * 1024};
        int[] levels = {1, 3, 6, 9, 12, 19};
        int[] dictLevels = {3, 6, 9};
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--fixtures" -> fixtures = Path.of(value);
                case "--out" -> out = Path.of(value);
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--min-reps" -> minReps = Integer.parseInt(value);
                case "--min-time-ms" -> minTimeMs = Long.parseLong(value);
                case "--dict-sizes" -> dictSizes = ints(value);
                case "--levels" -> levels = ints(value);
                case "--dict-levels" -> dictLevels = ints(value);
                case "--help", "-h" -> {
                    System.out.println("usage: CompressionBench [--fixtures DIR] [--out DIR] [--rounds N] [--min-reps N]"
                            + " [--min-time-ms MS] [--dict-sizes BYTES,...] [--levels N,...] [--dict-levels N,...]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(fixtures)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".ndjson")).sorted().toList();
        }
        if (files.size() < 2) {
            throw new IllegalStateException("need at least two .ndjson fixtures in " + fixtures + " (leave-one-out training)");
        }
        List<RecordedSession> sessions = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            sessions.add(RecordedSession.load(files.get(i), 1000 + i));
        }
        CompressionBench bench = new CompressionBench(sessions, rounds, minReps, minTimeMs * 1_000_000L, dictSizes,
                levels, dictLevels);
        bench.run();
        Files.createDirectories(out);
        // Each session's chunk content, whole, for command-line compressors (compression.sh runs xz on them).
        for (RecordedSession s : sessions) {
            Files.write(out.resolve(s.name() + ".frames"), s.allFrames());
        }
        Files.writeString(out.resolve("results.md"), bench.report);
        System.out.print(bench.report);
        System.err.println("compression: written to " + out.resolve("results.md"));
    }

    private void run() throws IOException {
        checkChunkFormat();
        describeFixtures();
        envelopeCost();
        Map<String, Map<Integer, byte[]>> dictionaries = trainDictionaries();

        List<Candidate> candidates = new ArrayList<>();
        candidates.add(new Candidate("gzip 6", s -> ChunkCompressor.gzip(6)));
        candidates.add(new Candidate("gzip 9", s -> ChunkCompressor.gzip(9)));
        candidates.add(new Candidate("snappy", s -> ChunkCompressor.snappy()));
        for (int level : levels) {
            candidates.add(new Candidate("zstd " + level, s -> ChunkCompressor.zstd(level)));
        }
        for (int level : new int[] {3, 19}) {
            candidates.add(new Candidate("zstd " + level + " --long=" + LONG_WINDOW_LOG,
                    s -> ChunkCompressor.zstdLong(level, LONG_WINDOW_LOG)));
        }
        for (int size : dictSizes) {
            for (int level : dictLevels) {
                String label = size / 1024 + " KiB";
                candidates.add(new Candidate("zstd " + level + " + dict " + label,
                        s -> ChunkCompressor.zstdDict(level, label, dictionaries.get(s.name()).get(size))));
            }
        }
        List<ChunkSplit> splits = List.of(
                ChunkSplit.wholeSession(),
                ChunkSplit.bytes("~1 MiB chunks", 1024 * 1024),
                ChunkSplit.bytes("~256 KiB chunks", 256 * 1024),
                ChunkSplit.bytes("~64 KiB chunks", 64 * 1024),
                ChunkSplit.age("30 s chunks (storage-service defaults: chunk.max-age 30s, chunk.max-bytes 4M)",
                        30_000, 4L * 1024 * 1024),
                ChunkSplit.age("60 s chunks (chunk.max-age 60s, chunk.max-bytes 4M)", 60_000, 4L * 1024 * 1024));

        Map<ChunkSplit, List<List<byte[]>>> chunks = new LinkedHashMap<>();
        for (ChunkSplit split : splits) {
            List<List<byte[]>> perSession = new ArrayList<>();
            for (RecordedSession s : sessions) {
                perSession.add(split.split(s));
            }
            chunks.put(split, perSession);
        }

        // Sizes, and a round trip of every chunk, before anything is timed.
        Map<ChunkSplit, Map<Candidate, Result>> results = new LinkedHashMap<>();
        for (ChunkSplit split : splits) {
            Map<Candidate, Result> bySplit = new LinkedHashMap<>();
            for (Candidate c : candidates) {
                Result r = new Result(sessions.size(), rounds);
                for (int i = 0; i < sessions.size(); i++) {
                    try (ChunkCompressor compressor = c.make().apply(sessions.get(i))) {
                        for (byte[] chunk : chunks.get(split).get(i)) {
                            byte[] stored = compressor.compress(chunk);
                            if (!Arrays.equals(chunk, compressor.decompress(stored, chunk.length))) {
                                throw new IllegalStateException(c.name() + " did not give back a chunk of " + sessions.get(i).name());
                            }
                            r.stored[i] += stored.length;
                        }
                        r.chunks[i] = chunks.get(split).get(i).size();
                    }
                }
                bySplit.put(c, r);
            }
            results.put(split, bySplit);
        }

        // Warm-up: every candidate on every session's ~256 KiB chunks, twice, before the first timed round.
        for (Candidate c : candidates) {
            for (int i = 0; i < sessions.size(); i++) {
                try (ChunkCompressor compressor = c.make().apply(sessions.get(i))) {
                    List<byte[]> warmUp = chunks.get(splits.get(2)).get(i);
                    for (int rep = 0; rep < 2; rep++) {
                        for (byte[] chunk : warmUp) {
                            sink += compressor.decompress(compressor.compress(chunk), chunk.length).length;
                        }
                    }
                }
            }
        }

        for (int round = 0; round < rounds; round++) {
            System.err.printf(Locale.ROOT, "compression: round %d of %d%n", round + 1, rounds);
            for (ChunkSplit split : splits) {
                for (Candidate c : candidates) {
                    Result r = results.get(split).get(c);
                    for (int i = 0; i < sessions.size(); i++) {
                        List<byte[]> raw = chunks.get(split).get(i);
                        try (ChunkCompressor compressor = c.make().apply(sessions.get(i))) {
                            List<byte[]> stored = new ArrayList<>(raw.size());
                            for (byte[] chunk : raw) {
                                stored.add(compressor.compress(chunk));
                            }
                            r.compressNanos[round][i] = medianNanos(() -> {
                                for (byte[] chunk : raw) {
                                    sink += compressor.compress(chunk).length;
                                }
                            });
                            r.decompressNanos[round][i] = medianNanos(() -> {
                                for (int k = 0; k < raw.size(); k++) {
                                    sink += compressor.decompress(stored.get(k), raw.get(k).length).length;
                                }
                            });
                        }
                    }
                }
            }
        }

        for (ChunkSplit split : splits) {
            printSplit(split, chunks.get(split), results.get(split));
        }
        if (sink == 42) {
            System.err.println();
        }
    }

    private static int[] ints(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }

    private double medianNanos(Runnable work) {
        List<Long> times = new ArrayList<>();
        long total = 0;
        while ((times.size() < minReps || total < minNanos) && times.size() < 200) {
            long start = System.nanoTime();
            work.run();
            long took = System.nanoTime() - start;
            times.add(took);
            total += took;
        }
        long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    /** A whole session stored as storage-service stores it today opens with proto's own reader. */
    private void checkChunkFormat() throws IOException {
        ChunkCodec codec = new ChunkCodec();
        for (RecordedSession s : sessions) {
            byte[] raw = s.allFrames();
            byte[] frames = codec.decompress(codec.compress(raw, raw.length), s.name());
            try (FrameReader reader = new FrameCodec().reader(new ByteArrayInputStream(frames))) {
                long seq = 0;
                for (Event e = reader.next(); e != null; e = reader.next()) {
                    if (e.getSeq() != ++seq) {
                        throw new IllegalStateException(s.name() + ": frame " + seq + " has seq " + e.getSeq());
                    }
                }
                if (seq != s.events()) {
                    throw new IllegalStateException(s.name() + ": " + seq + " frames read, " + s.events() + " written");
                }
            }
        }
    }

    private Map<String, Map<Integer, byte[]>> trainDictionaries() {
        line("### Dictionaries (leave-one-out)");
        line("");
        line("Trained with zstd-jni's `ZstdDictTrainer` (zstd's `ZDICT_trainFromBuffer`), one sample per event frame of "
                + "the other sessions. Each is used only on the session it was not trained on.");
        line("");
        line("| measured session | trained on | samples | sample bytes | dictionary | training time |");
        line("| --- | --- | ---: | ---: | ---: | ---: |");
        Map<String, Map<Integer, byte[]>> out = new LinkedHashMap<>();
        for (RecordedSession measured : sessions) {
            List<RecordedSession> rest = sessions.stream().filter(s -> s != measured).toList();
            long sampleBytes = rest.stream().mapToLong(RecordedSession::frameBytes).sum();
            int samples = rest.stream().mapToInt(RecordedSession::events).sum();
            Map<Integer, byte[]> bySize = new LinkedHashMap<>();
            for (int size : dictSizes) {
                ZstdDictTrainer trainer = new ZstdDictTrainer(Math.toIntExact(sampleBytes), size);
                for (RecordedSession s : rest) {
                    for (byte[] frame : s.frames()) {
                        if (!trainer.addSample(frame)) {
                            throw new IllegalStateException("trainer buffer full");
                        }
                    }
                }
                long start = System.nanoTime();
                byte[] dict = trainer.trainSamples();
                long took = System.nanoTime() - start;
                bySize.put(size, dict);
                line(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d B | %.1f s |", measured.name(),
                        String.join(", ", rest.stream().map(RecordedSession::name).toList()), samples, sampleBytes,
                        dict.length, took / 1e9));
            }
            out.put(measured.name(), bySize);
        }
        line("");
        return out;
    }

    private void describeFixtures() {
        line("### Fixtures");
        line("");
        line("| session | events | page loads | duration | raw NDJSON | NDJSON per minute | raw frames | frames / NDJSON |");
        line("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        long ndjson = 0;
        long frames = 0;
        double minutes = 0;
        int events = 0;
        for (RecordedSession s : sessions) {
            line(String.format(Locale.ROOT, "| %s | %d | %d | %.1f s | %d B | %.0f KB | %d B | %.3f |", s.name(), s.events(),
                    s.count(EventTypes.META), s.durationMs() / 1000.0, s.ndjson().length, s.ndjson().length / 1000.0 / s.minutes(),
                    s.frameBytes(), (double) s.frameBytes() / s.ndjson().length));
            ndjson += s.ndjson().length;
            frames += s.frameBytes();
            minutes += s.minutes();
            events += s.events();
        }
        line(String.format(Locale.ROOT, "| all | %d | | %.1f min | %d B | %.0f KB | %d B | %.3f |", events, minutes, ndjson,
                ndjson / 1000.0 / minutes, frames, (double) frames / ndjson));
        line("");
    }

    /** What the envelopes and frames add to the stored size, whole session, against the bare NDJSON. */
    private void envelopeCost() {
        line("### What the envelope costs");
        line("");
        line("The raw NDJSON compressed as it is, against its frames (envelope + payload + frame CRC per event) "
                + "compressed the same way, whole session:");
        line("");
        line("| session | envelope + frame, raw, per event | zstd 3: NDJSON | zstd 3: frames | stored per event | "
                + "zstd 9: NDJSON | zstd 9: frames | stored per event |");
        line("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (RecordedSession s : sessions) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %.0f B |", s.name(),
                    (double) (s.frameBytes() - s.ndjson().length) / s.events()));
            byte[] frames = s.allFrames();
            for (int level : new int[] {3, 9}) {
                try (ChunkCompressor zstd = ChunkCompressor.zstd(level)) {
                    long a = zstd.compress(s.ndjson()).length;
                    long b = zstd.compress(frames).length;
                    row.append(String.format(Locale.ROOT, " %d B (%.1fx) | %d B (%.1fx) | +%.1f B |", a,
                            (double) s.ndjson().length / a, b, (double) s.ndjson().length / b, (double) (b - a) / s.events()));
                }
            }
            line(row.toString());
        }
        line("");
    }

    private void printSplit(ChunkSplit split, List<List<byte[]>> chunks, Map<Candidate, Result> results) {
        StringBuilder counts = new StringBuilder();
        long rawTotal = 0;
        int chunkTotal = 0;
        for (int i = 0; i < sessions.size(); i++) {
            counts.append(i == 0 ? "" : ", ").append(chunks.get(i).size());
            for (byte[] c : chunks.get(i)) {
                rawTotal += c.length;
                chunkTotal++;
            }
        }
        line("### " + split.label());
        line("");
        line(String.format(Locale.ROOT, "Chunks per session: %s; %.0f KB of frames per chunk on average.", counts,
                rawTotal / 1000.0 / chunkTotal));
        line("");
        StringBuilder head = new StringBuilder("| compression |");
        StringBuilder rule = new StringBuilder("| --- |");
        for (RecordedSession s : sessions) {
            head.append(' ').append(s.name()).append(" |");
            rule.append(" ---: |");
        }
        head.append(" all, vs NDJSON | all, vs frames | stored per recorded minute | compress MB/s | decompress MB/s |");
        rule.append(" ---: | ---: | ---: | ---: | ---: |");
        line(head.toString());
        line(rule.toString());
        long ndjson = sessions.stream().mapToLong(s -> s.ndjson().length).sum();
        long frames = sessions.stream().mapToLong(RecordedSession::frameBytes).sum();
        double minutes = sessions.stream().mapToDouble(RecordedSession::minutes).sum();
        for (Map.Entry<Candidate, Result> e : results.entrySet()) {
            Result r = e.getValue();
            StringBuilder row = new StringBuilder("| " + e.getKey().name() + " |");
            long stored = 0;
            for (int i = 0; i < sessions.size(); i++) {
                row.append(String.format(Locale.ROOT, " %.1fx |", (double) sessions.get(i).ndjson().length / r.stored[i]));
                stored += r.stored[i];
            }
            double[] compress = new double[rounds];
            double[] decompress = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                compress[round] = frames / 1e6 / (Arrays.stream(r.compressNanos[round]).sum() / 1e9);
                decompress[round] = frames / 1e6 / (Arrays.stream(r.decompressNanos[round]).sum() / 1e9);
            }
            row.append(String.format(Locale.ROOT, " %.1fx | %.1fx | %.1f KB | %s | %s |", (double) ndjson / stored,
                    (double) frames / stored, stored / 1000.0 / minutes, range(compress), range(decompress)));
            line(row.toString());
        }
        line("");
    }

    private static String range(double[] values) {
        double min = Arrays.stream(values).min().orElse(0);
        double max = Arrays.stream(values).max().orElse(0);
        String a = speed(min);
        String b = speed(max);
        return a.equals(b) ? a : a + "–" + b;
    }

    private static String speed(double mbs) {
        return mbs >= 100 ? String.format(Locale.ROOT, "%.0f", mbs) : String.format(Locale.ROOT, "%.1f", mbs);
    }

    private void line(String text) {
        report.append(text).append('\n');
    }
}
