package dev.replaymesh.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * CPU time of one JVM's threads by role, from /proc/PID/task (Linux): its threads are told apart by
 * name (the kernel keeps the first 15 characters). Threads that ended between two samples take their
 * time out of every group but the process total, so it shows under {@code rest}.
 */
final class ThreadCpuSampler {

    private static final double TICKS_PER_SECOND = Double.parseDouble(System.getProperty("bench.clk-tck", "100"));

    /**
     * Group to CPU ticks, plus "process" for the whole process; and per group the nanoseconds its
     * threads spent runnable but waiting for a core (schedstat), the share other work took from them.
     */
    record Sample(long nanos, Map<String, Long> ticks, Map<String, Long> waitNanos) {
    }

    private final long pid;
    private final Map<String, String> groups;

    /** @param groups group name to the prefix of the thread names in it, in the order shown */
    ThreadCpuSampler(long pid, Map<String, String> groups) {
        this.pid = pid;
        this.groups = new LinkedHashMap<>(groups);
    }

    Sample sample() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        Map<String, Long> waits = new LinkedHashMap<>();
        groups.keySet().forEach(g -> {
            ticks.put(g, 0L);
            waits.put(g, 0L);
        });
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    long t = ticks(Files.readString(task.resolve("stat")));
                    for (Map.Entry<String, String> g : groups.entrySet()) {
                        if (name.startsWith(g.getValue())) {
                            ticks.merge(g.getKey(), t, Long::sum);
                            waits.merge(g.getKey(), runQueueNanos(task), Long::sum);
                            break;
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
            ticks.put("process", ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
        } catch (IOException | RuntimeException e) {
            return new Sample(System.nanoTime(), Map.of(), Map.of());
        }
        return new Sample(System.nanoTime(), ticks, waits);
    }

    /** {@code group=pct ... rest=pct} over the interval, % of one core. */
    static String describe(Sample a, Sample b) {
        double seconds = (b.nanos() - a.nanos()) / 1e9;
        StringJoiner out = new StringJoiner(" ");
        if (a.ticks().isEmpty() || b.ticks().isEmpty() || seconds <= 0) {
            return "unknown";
        }
        long grouped = 0;
        for (String g : a.ticks().keySet()) {
            if (g.equals("process")) {
                continue;
            }
            long d = b.ticks().getOrDefault(g, 0L) - a.ticks().get(g);
            grouped += d;
            out.add(String.format("%s=%.0f", g, d / TICKS_PER_SECOND / seconds * 100));
        }
        long total = b.ticks().get("process") - a.ticks().get("process");
        out.add(String.format("rest=%.0f", (total - grouped) / TICKS_PER_SECOND / seconds * 100));
        return out.toString();
    }

    /** Percent of one core that {@code group} took over the interval. */
    static double percent(Sample a, Sample b, String group) {
        double seconds = (b.nanos() - a.nanos()) / 1e9;
        if (a.ticks().isEmpty() || b.ticks().isEmpty() || seconds <= 0) {
            return 0;
        }
        return (b.ticks().getOrDefault(group, 0L) - a.ticks().getOrDefault(group, 0L)) / TICKS_PER_SECOND / seconds * 100;
    }

    /**
     * Percent of the interval that {@code group}'s threads (summed) were runnable but not running:
     * for a single thread, time it waited for a core.
     */
    static double waitPercent(Sample a, Sample b, String group) {
        double nanos = b.nanos() - a.nanos();
        if (a.waitNanos().isEmpty() || b.waitNanos().isEmpty() || nanos <= 0) {
            return 0;
        }
        return (b.waitNanos().getOrDefault(group, 0L) - a.waitNanos().getOrDefault(group, 0L)) / nanos * 100;
    }

    /** Second field of /proc/PID/task/TID/schedstat: time spent on a run queue, waiting, in ns. */
    private static long runQueueNanos(Path task) {
        try {
            String[] f = Files.readString(task.resolve("schedstat")).trim().split(" ");
            return Long.parseLong(f[1]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long ticks(String stat) {
        // The name may hold spaces; the fields after its closing parenthesis do not: utime, stime are 12, 13 there.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
