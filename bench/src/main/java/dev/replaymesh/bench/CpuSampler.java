package dev.replaymesh.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * CPU time of named processes and of the whole machine, from /proc (Linux), so the result says
 * how the cores were shared during the measuring window. 100 % is one core busy.
 */
final class CpuSampler {

    /** Linux reports process times in USER_HZ ticks, 100 on every mainstream kernel. */
    private static final double TICKS_PER_SECOND = Double.parseDouble(System.getProperty("bench.clk-tck", "100"));

    /** Per process: {user + system ticks, system ticks}. */
    record Sample(long nanos, Map<String, long[]> ticks, long machineBusy, long machineTotal) {
    }

    private final Map<String, Long> pids;

    CpuSampler(Map<String, Long> watched) {
        this.pids = new LinkedHashMap<>(watched);
    }

    Sample sample() {
        Map<String, long[]> ticks = new LinkedHashMap<>();
        pids.forEach((name, pid) -> ticks.put(name, processTicks(pid)));
        long[] machine = machineTicks();
        return new Sample(System.nanoTime(), ticks, machine[0], machine[1]);
    }

    /**
     * {@code name=pct(sys pct) ...}, then the machine's busy share and what the watched processes
     * left to others. System time is mostly the kernel's share of loopback networking.
     */
    static String describe(Sample a, Sample b) {
        double seconds = (b.nanos() - a.nanos()) / 1e9;
        StringJoiner out = new StringJoiner(" ");
        double watched = 0;
        for (var e : a.ticks().entrySet()) {
            long[] start = e.getValue();
            long[] end = b.ticks().get(e.getKey());
            if (start == null || end == null) {
                out.add(e.getKey() + "=?");
                continue;
            }
            double pct = (end[0] - start[0]) / TICKS_PER_SECOND / seconds * 100;
            double sys = (end[1] - start[1]) / TICKS_PER_SECOND / seconds * 100;
            watched += pct;
            out.add(String.format("%s=%.0f(sys%.0f)", e.getKey(), pct, sys));
        }
        long total = b.machineTotal() - a.machineTotal();
        if (total > 0) {
            int cores = Runtime.getRuntime().availableProcessors();
            double busy = (double) (b.machineBusy() - a.machineBusy()) / total * 100 * cores;
            out.add(String.format("machine=%.0f/%d", busy, cores * 100));
            out.add(String.format("others=%.0f", Math.max(0, busy - watched)));
        }
        return out.toString();
    }

    private static long[] processTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name may hold spaces; the fields after its closing parenthesis do not.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
            long system = Long.parseLong(f[12]);
            return new long[] {Long.parseLong(f[11]) + system, system};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            // user nice system idle iowait irq softirq steal (guest time is already in user).
            for (int i = 1; i <= 8 && i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }
}
