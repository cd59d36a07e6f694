package dev.replaymesh.bench;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures how fast storage-service drains a backlog of {@link EventBacklogFill} into the bucket, from
 * outside: every {@code --poll-ms} it reads the service's Prometheus counters (chunks, their bytes
 * before and after compression, manifests, events buffered), its consumer group's committed offsets
 * (committed only behind what is written and catalogued) and the CPU of the watched processes. The
 * drain is over when the group has committed the whole backlog.
 *
 * <p>The steady rate is taken between the polls where {@code --window} (10 % and 90 %) of the frame
 * bytes the drain wrote had been written, or the poll that saw the whole backlog read if that came
 * first: that leaves out the start, where the service buffers and writes nothing until chunks come
 * of age or memory runs short, and the end, where the last sessions wait for their age. Events written per second are the frame bytes written per second divided by the
 * backlog's frame bytes per event. The whole drain (from the fill's commit to the last commit of the
 * group) is printed beside it.
 */
@Command(name = "drain", mixinStandardHelpOptions = true,
        description = "Measure how fast storage-service drains a backlog written by fill-events.")
final class StorageDrainWatch implements Callable<Integer> {

    static final String CHUNKS = "replay_storage_chunks_written_total";
    static final String RAW = "replay_storage_chunk_raw_bytes_total";
    static final String STORED = "replay_storage_chunk_stored_bytes_total";
    static final String MANIFESTS = "replay_storage_manifests_written_total";
    static final String EVENTS = "replay_storage_events_total{outcome=\"stored\"}";
    static final String DUPLICATES = "replay_storage_events_total{outcome=\"duplicate\"}";
    static final String FAILURES = "replay_storage_write_failures_total";
    static final String HELD = "replay_storage_sessions_held";
    /** storage-service's threads by role (thread name prefixes, as /proc shows them: 15 characters). */
    static final Map<String, String> THREAD_GROUPS = new LinkedHashMap<>();

    static {
        THREAD_GROUPS.put("ingest", "storage-ingest");
        THREAD_GROUPS.put("writers", "storage-writer-");
        THREAD_GROUPS.put("loaders", "storage-loader");
        THREAD_GROUPS.put("okhttp", "OkHttp");
        THREAD_GROUPS.put("kafka", "kafka-");
        THREAD_GROUPS.put("gc", "G");
        THREAD_GROUPS.put("jit", "C");
    }

    @Option(names = "--bootstrap", defaultValue = "127.0.0.1:9092", description = "(${DEFAULT-VALUE})")
    String bootstrap;

    @Option(names = "--group", required = true, description = "storage-service's consumer group")
    String group;

    @Option(names = "--backlog-file", required = true, description = "written by fill-events")
    Path backlogFile;

    @Option(names = "--metrics-url", required = true, description = "storage-service's /q/metrics")
    URI metricsUrl;

    @Option(names = "--watch", description = "NAME=PID of a process whose CPU is reported")
    Map<String, Long> watch = new LinkedHashMap<>();

    @Option(names = "--timeout", defaultValue = "1800", description = "seconds before giving up (${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Option(names = "--poll-ms", defaultValue = "500", description = "(${DEFAULT-VALUE})")
    int pollMillis;

    @Option(names = "--window", defaultValue = "0.1,0.9", split = ",",
            description = "fractions of the frame bytes written between which the rate is taken (${DEFAULT-VALUE})")
    double[] window;

    @Option(names = "--series", description = "CSV file of every poll")
    Path series;

    @Option(names = "--service-pid", description = "storage-service's pid: its CPU by thread role is reported")
    Long servicePid;

    @Option(names = "--before", description = "the service's /q/metrics saved just before the fill committed: the"
            + " drain's starting point (the service may have read much of the backlog before the first poll)")
    Path before;

    private record Tick(long nanos, long wallMs, Map<String, Double> metrics, long committed, CpuSampler.Sample cpu,
            ThreadCpuSampler.Sample threads) {
        double get(String name) {
            return metrics.getOrDefault(name, 0.0);
        }
    }

    @Override
    public Integer call() throws Exception {
        EventBacklogFill.Filled backlog = EventBacklogFill.Filled.load(backlogFile);
        Map<String, Long> watched = new LinkedHashMap<>(watch);
        CpuSampler cpu = new CpuSampler(watched);
        ThreadCpuSampler threads = new ThreadCpuSampler(servicePid == null ? -1 : servicePid, THREAD_GROUPS);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<Tick> ticks = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long lastReport = start;
        boolean drained = false;
        long lastScrape = System.nanoTime();
        if (before != null) {
            // As if polled when the fill committed.
            long ago = System.currentTimeMillis() - backlog.committedAtMs();
            ticks.add(new Tick(start - TimeUnit.MILLISECONDS.toNanos(ago), backlog.committedAtMs(),
                    parse(Files.readString(before)), 0, cpu.sample(), threads.sample()));
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            while (!drained) {
                if (System.nanoTime() > deadline) {
                    StorageBench.say("drain: timed out after %d s", timeoutSeconds);
                    report(backlog, ticks, false);
                    return 1;
                }
                Map<Integer, Long> committed = new HashMap<>();
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                offsets.forEach((tp, om) -> {
                    if (om != null && tp.topic().equals(backlog.topic())) {
                        committed.put(tp.partition(), om.offset());
                    }
                });
                drained = backlog.drained(committed);
                Map<String, Double> metrics;
                try {
                    metrics = scrape(http);
                    lastScrape = System.nanoTime();
                } catch (java.io.IOException e) {
                    // A busy or pausing service may not answer in time: poll again, give up after a minute.
                    if (System.nanoTime() - lastScrape > TimeUnit.SECONDS.toNanos(60)) {
                        throw e;
                    }
                    StorageBench.say("drain: no metrics this time (%s)", e);
                    drained = false;
                    continue;
                }
                Tick t = new Tick(System.nanoTime(), System.currentTimeMillis(), metrics,
                        backlog.committedEvents(committed), cpu.sample(), threads.sample());
                ticks.add(t);
                if (t.get(FAILURES) > ticks.get(0).get(FAILURES)) {
                    StorageBench.say("drain: the service reports failed writes (%.0f)", t.get(FAILURES));
                }
                if (t.nanos() - lastReport > TimeUnit.SECONDS.toNanos(10)) {
                    lastReport = t.nanos();
                    Tick first = ticks.get(0);
                    StorageBench.say("drain: %.0f s: %.0f of %d events buffered, %.1f MB of frames written, %d committed",
                            (t.nanos() - start) / 1e9, t.get(EVENTS) - first.get(EVENTS), backlog.events(),
                            (t.get(RAW) - first.get(RAW)) / 1e6, t.committed());
                }
                if (!drained) {
                    Thread.sleep(pollMillis);
                }
            }
        }
        return report(backlog, ticks, true) ? 0 : 1;
    }

    private Map<String, Double> scrape(HttpClient http) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(metricsUrl).timeout(Duration.ofSeconds(10))
                .header("Accept", "text/plain").build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(metricsUrl + " answered " + response.statusCode());
        }
        return parse(response.body());
    }

    /** The {@code replay_storage_*} samples of a Prometheus text page, by name with labels. */
    private static Map<String, Double> parse(String page) {
        Map<String, Double> out = new HashMap<>();
        for (String line : page.split("\n")) {
            if (line.isEmpty() || line.charAt(0) == '#' || !line.startsWith("replay_storage_")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            try {
                // The Prometheus text format of some clients ends label sets with ",}".
                out.put(line.substring(0, space).replace(",}", "}"), Double.parseDouble(line.substring(space + 1)));
            } catch (NumberFormatException e) {
                // not a sample line
            }
        }
        return out;
    }

    private boolean report(EventBacklogFill.Filled backlog, List<Tick> ticks, boolean drained) throws Exception {
        Tick first = ticks.get(0);
        Tick last = ticks.get(ticks.size() - 1);
        if (series != null) {
            try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(series))) {
                out.println("seconds,events_buffered,events_committed,chunks,raw_bytes,stored_bytes,manifests");
                for (Tick t : ticks) {
                    out.printf("%.3f,%.0f,%d,%.0f,%.0f,%.0f,%.0f%n", (t.nanos() - first.nanos()) / 1e9,
                            t.get(EVENTS) - first.get(EVENTS), t.committed(), t.get(CHUNKS) - first.get(CHUNKS),
                            t.get(RAW) - first.get(RAW), t.get(STORED) - first.get(STORED),
                            t.get(MANIFESTS) - first.get(MANIFESTS));
                }
            }
        }
        double raw = last.get(RAW) - first.get(RAW);
        double stored = last.get(STORED) - first.get(STORED);
        double chunks = last.get(CHUNKS) - first.get(CHUNKS);
        double manifests = last.get(MANIFESTS) - first.get(MANIFESTS);
        double buffered = last.get(EVENTS) - first.get(EVENTS);
        double duplicates = last.get(DUPLICATES) - first.get(DUPLICATES);
        if (!drained || raw <= 0) {
            System.out.printf("RESULT error=%s events_buffered=%.0f raw_bytes=%.0f%n", drained ? "nothing-written" : "not-drained",
                    buffered, raw);
            return false;
        }
        Tick a = firstAtLeast(ticks, first.get(RAW) + window[0] * raw);
        Tick b = firstAtLeast(ticks, first.get(RAW) + window[1] * raw);
        // Once the whole backlog is read, what is left waits for its age: the rate ends there.
        Tick read = firstAtLeast(ticks, EVENTS, first.get(EVENTS) + backlog.events());
        if (read.nanos() < b.nanos() && read.nanos() > a.nanos()) {
            b = read;
        }
        double seconds = (b.nanos() - a.nanos()) / 1e9;
        double rawRate = (b.get(RAW) - a.get(RAW)) / seconds;
        double storedRate = (b.get(STORED) - a.get(STORED)) / seconds;
        double chunkRate = (b.get(CHUNKS) - a.get(CHUNKS)) / seconds;
        double manifestRate = (b.get(MANIFESTS) - a.get(MANIFESTS)) / seconds;
        double bufferedRate = (b.get(EVENTS) - a.get(EVENTS)) / seconds;
        double eventsPerRaw = backlog.events() / raw;
        double drainSeconds = (last.wallMs() - backlog.committedAtMs()) / 1e3;
        System.out.printf("RESULT events=%d sessions=%d frame_bytes=%d raw_bytes=%.0f stored_bytes=%.0f chunks=%.0f"
                        + " manifests=%.0f events_buffered=%.0f duplicates=%.0f mean_chunk_raw=%.0f mean_chunk_stored=%.0f"
                        + " compression=%.2f window_s=%.1f window_start_s=%.1f stored_mb_per_s=%.2f raw_mb_per_s=%.2f"
                        + " events_per_s=%.0f chunks_per_s=%.1f manifests_per_s=%.1f buffered_events_per_s=%.0f"
                        + " drain_s=%.1f drain_stored_mb_per_s=%.2f drain_events_per_s=%.0f sessions_held=%.0f/%.0f%n",
                backlog.events(), backlog.sessions(), backlog.frameBytes(), raw, stored, chunks, manifests, buffered,
                duplicates, raw / chunks, stored / chunks, raw / stored, seconds, (a.wallMs() - backlog.committedAtMs()) / 1e3,
                storedRate / 1e6, rawRate / 1e6, rawRate * eventsPerRaw, chunkRate, manifestRate, bufferedRate,
                drainSeconds, stored / drainSeconds / 1e6, backlog.events() / drainSeconds, a.get(HELD), b.get(HELD));
        System.out.println("CPU " + CpuSampler.describe(a.cpu(), b.cpu()));
        if (servicePid != null) {
            double eps = rawRate * eventsPerRaw;
            double running = ThreadCpuSampler.percent(a.threads(), b.threads(), "ingest");
            double waiting = ThreadCpuSampler.waitPercent(a.threads(), b.threads(), "ingest");
            // The ingest thread's time: on a core, runnable but waiting for one, and the rest blocked
            // (waiting for its flushes to be written, for Kafka, for the catalog's acknowledgement).
            System.out.printf("THREADS %s ingest_us_per_event=%.1f ingest_running=%.0f ingest_runnable_waiting=%.0f"
                            + " ingest_blocked=%.0f%n", ThreadCpuSampler.describe(a.threads(), b.threads()),
                    eps > 0 ? running / 100 / eps * 1e6 : 0, running, waiting, Math.max(0, 100 - running - waiting));
        }
        // Micrometer's quantiles cover the last minutes; the mean is over the whole drain.
        String flush = "replay_storage_flush_latency_seconds";
        double flushes = last.get(flush + "_count") - first.get(flush + "_count");
        System.out.printf("FLUSH p50_ms=%.0f p99_ms=%.0f mean_ms=%.0f sessions=%.0f%n",
                last.get(flush + "{quantile=\"0.5\"}") * 1e3, last.get(flush + "{quantile=\"0.99\"}") * 1e3,
                flushes > 0 ? (last.get(flush + "_sum") - first.get(flush + "_sum")) / flushes * 1e3 : 0, flushes);
        if (buffered + duplicates < backlog.events()) {
            StorageBench.say("drain: only %.0f of %d events were buffered: the counters include other input?", buffered,
                    backlog.events());
        }
        if (seconds < 20) {
            StorageBench.say("drain: measured over only %.1f s: use a larger backlog", seconds);
        }
        System.out.flush();
        return true;
    }

    private static Tick firstAtLeast(List<Tick> ticks, double raw) {
        return firstAtLeast(ticks, RAW, raw);
    }

    private static Tick firstAtLeast(List<Tick> ticks, String counter, double value) {
        for (Tick t : ticks) {
            if (t.get(counter) >= value) {
                return t;
            }
        }
        return ticks.get(ticks.size() - 1);
    }
}
