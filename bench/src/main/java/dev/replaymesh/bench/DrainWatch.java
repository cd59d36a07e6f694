package dev.replaymesh.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Measures how fast consumer groups drain a {@link Backlog}, from outside: it polls the groups'
 * committed offsets (which a transactional consumer-producer commits inside each transaction, so a
 * committed offset means the batch's output is committed too) and the CPU of the watched processes
 * every {@code --poll-ms}. The rate is taken between the polls where 5 % and 95 % of the backlog were
 * committed (start-up and the last partial batches left out); the drain time from the start of the
 * watch to the poll that saw it all committed is printed beside it.
 */
@Command(name = "drain", mixinStandardHelpOptions = true,
        description = "Measure how fast consumer groups drain a backlog written by fill.")
final class DrainWatch implements Callable<Integer> {

    /** What to watch; shared with {@code fill --group}. */
    static final class Options {
        @Option(names = "--group", description = "consumer group to watch (repeatable; all are watched at once)")
        List<String> groups = new ArrayList<>();

        @Option(names = "--watch", description = "NAME=PID of a process whose CPU is reported")
        Map<String, Long> watch = new LinkedHashMap<>();

        @Option(names = "--timeout", defaultValue = "1200", description = "seconds before giving up (${DEFAULT-VALUE})")
        int timeoutSeconds;

        @Option(names = "--poll-ms", defaultValue = "100", description = "how often offsets are read (${DEFAULT-VALUE})")
        int pollMillis;

        @Option(names = "--window", defaultValue = "0.05,0.95", split = ",",
                description = "fractions of the backlog between which the rate is taken (${DEFAULT-VALUE})")
        double[] window;

        @Option(names = "--series", description = "CSV file for every poll: seconds, group, events committed")
        Path series;
    }

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--backlog-file", required = true, description = "written by fill --backlog-file")
    Path backlogFile;

    @Mixin
    Options options;

    private final Admin admin;
    private final Backlog backlog;

    /** For picocli. */
    DrainWatch() {
        this.admin = null;
        this.backlog = null;
    }

    DrainWatch(Admin admin, Backlog backlog, Options options) {
        this.admin = admin;
        this.backlog = backlog;
        this.options = options;
    }

    @Override
    public Integer call() throws Exception {
        try (Admin a = kafka.admin()) {
            return new DrainWatch(a, Backlog.load(backlogFile), options).run();
        }
    }

    private record Tick(long nanos, CpuSampler.Sample cpu, Map<String, Long> committed) {
    }

    int run() throws Exception {
        if (options.groups.isEmpty()) {
            throw new IllegalArgumentException("no --group to watch");
        }
        Map<String, Long> watched = new LinkedHashMap<>(options.watch);
        watched.putIfAbsent("watcher", ProcessHandle.current().pid());
        CpuSampler cpu = new CpuSampler(watched);
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(options.timeoutSeconds);
        List<Tick> ticks = new ArrayList<>();
        Map<String, Long> doneAt = new HashMap<>();
        long lastReport = start;
        while (doneAt.size() < options.groups.size()) {
            if (System.nanoTime() > deadline) {
                Progress.say("drain: timed out after %d s", options.timeoutSeconds);
                report(ticks, doneAt, start);
                return 1;
            }
            for (Map.Entry<String, Long> w : options.watch.entrySet()) {
                if (!ProcessHandle.of(w.getValue()).map(ProcessHandle::isAlive).orElse(false)) {
                    Progress.say("drain: %s (pid %d) is gone", w.getKey(), w.getValue());
                    report(ticks, doneAt, start);
                    return 1;
                }
            }
            Map<String, ListConsumerGroupOffsetsSpec> specs = new LinkedHashMap<>();
            for (String group : options.groups) {
                if (!doneAt.containsKey(group)) {
                    specs.put(group, new ListConsumerGroupOffsetsSpec());
                }
            }
            Map<String, Map<TopicPartition, OffsetAndMetadata>> offsets = admin.listConsumerGroupOffsets(specs).all()
                    .get(30, TimeUnit.SECONDS);
            long now = System.nanoTime();
            Map<String, Long> committed = new HashMap<>();
            for (String group : specs.keySet()) {
                Map<Integer, Long> byPartition = new HashMap<>();
                offsets.getOrDefault(group, Map.of()).forEach((tp, om) -> {
                    if (om != null && tp.topic().equals(backlog.topic())) {
                        byPartition.put(tp.partition(), om.offset());
                    }
                });
                committed.put(group, backlog.committedEvents(byPartition));
                if (backlog.drained(byPartition)) {
                    doneAt.put(group, now);
                }
            }
            ticks.add(new Tick(now, cpu.sample(), committed));
            if (now - lastReport > TimeUnit.SECONDS.toNanos(10)) {
                lastReport = now;
                Progress.say("drain: %s of %d after %.0f s", committed, backlog.events(), (now - start) / 1e9);
            }
            Thread.sleep(options.pollMillis);
        }
        report(ticks, doneAt, start);
        return 0;
    }

    private void report(List<Tick> ticks, Map<String, Long> doneAt, long start) throws IOException {
        if (options.series != null) {
            try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(options.series))) {
                out.println("seconds,group,events_committed");
                for (Tick t : ticks) {
                    t.committed().forEach((group, n) -> out.printf("%.3f,%s,%d%n", (t.nanos() - start) / 1e9, group, n));
                }
            }
        }
        double payloadPerEvent = (double) backlog.payloadBytes() / backlog.events();
        double recordPerEvent = (double) backlog.recordBytes() / backlog.events();
        for (String group : options.groups) {
            long lo = (long) Math.ceil(options.window[0] * backlog.events());
            long hi = (long) Math.ceil(options.window[1] * backlog.events());
            Tick a = first(ticks, group, lo);
            Tick b = first(ticks, group, hi);
            if (a == null || b == null || b.nanos() <= a.nanos()) {
                System.out.printf("RESULT group=%s error=%s%n", group, doneAt.containsKey(group) ? "too-fast" : "not-drained");
                continue;
            }
            long events = b.committed().get(group) - a.committed().get(group);
            double seconds = (b.nanos() - a.nanos()) / 1e9;
            double eps = events / seconds;
            Long done = doneAt.get(group);
            Tick firstCommit = first(ticks, group, 1);
            System.out.printf("RESULT group=%s events=%d seconds=%.2f events_per_s=%.0f mb_per_s=%.2f record_mb_per_s=%.2f"
                            + " first_commit_s=%.2f drain_s=%.2f drain_events_per_s=%.0f mean_event_bytes=%.0f%n",
                    group, events, seconds, eps, eps * payloadPerEvent / 1e6, eps * recordPerEvent / 1e6,
                    firstCommit == null ? -1 : (firstCommit.nanos() - start) / 1e9,
                    done == null ? -1 : (done - start) / 1e9,
                    done == null ? 0 : backlog.events() / ((done - start) / 1e9), payloadPerEvent);
            System.out.println("CPU " + CpuSampler.describe(a.cpu(), b.cpu()));
            if (seconds < 5) {
                Progress.say("drain: %s measured over only %.1f s: use a larger backlog for a steadier figure", group, seconds);
            }
        }
        System.out.flush();
    }

    private static Tick first(List<Tick> ticks, String group, long atLeast) {
        for (Tick t : ticks) {
            Long n = t.committed().get(group);
            if (n != null && n >= atLeast) {
                return t;
            }
        }
        return null;
    }
}
