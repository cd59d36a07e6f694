package dev.replaymesh.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what was acknowledged inside the measuring window, which opens after the warm-up: a
 * batch counts when its acknowledgement arrives in the window, wherever it was sent. Also takes
 * the CPU samples of the watched processes at the window's edges.
 */
final class Meter {

    private final long windowStart;
    private final long windowEnd;
    private final LongAdder events = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final AtomicLong errors = new AtomicLong();
    private final LongAdder warmupEvents = new LongAdder();
    private final CpuSampler cpu;
    private final CountDownLatch windowClosed = new CountDownLatch(1);
    private long[] latencies = new long[1 << 16];
    private int latencyCount;
    private CpuSampler.Sample cpuAtStart;
    private CpuSampler.Sample cpuAtEnd;

    Meter(int warmupSeconds, int durationSeconds, Map<String, Long> watched) {
        long now = System.nanoTime();
        this.windowStart = now + warmupSeconds * 1_000_000_000L;
        this.windowEnd = windowStart + durationSeconds * 1_000_000_000L;
        this.cpu = new CpuSampler(watched);
        Thread t = new Thread(this::sampleEdges, "cpu-sampler");
        t.setDaemon(true);
        t.start();
    }

    private void sampleEdges() {
        try {
            sleepUntil(windowStart);
            cpuAtStart = cpu.sample();
            Progress.say("measuring for %.0f s", (windowEnd - windowStart) / 1e9);
            sleepUntil(windowEnd);
            cpuAtEnd = cpu.sample();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            windowClosed.countDown();
        }
    }

    private static void sleepUntil(long deadline) throws InterruptedException {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000), 0);
        }
    }

    /** Whether new batches should still be sent: until the window closes. */
    boolean sending() {
        return System.nanoTime() < windowEnd;
    }

    void acked(long sentNanos, int eventCount, long payloadBytes) {
        long now = System.nanoTime();
        if (now < windowStart) {
            warmupEvents.add(eventCount);
            return;
        }
        if (now >= windowEnd) {
            return;
        }
        events.add(eventCount);
        bytes.add(payloadBytes);
        batches.increment();
        synchronized (this) {
            if (latencyCount == latencies.length) {
                latencies = Arrays.copyOf(latencies, latencies.length * 2);
            }
            latencies[latencyCount++] = now - sentNanos;
        }
    }

    void error(String what) {
        long n = errors.incrementAndGet();
        if (n <= 5) {
            Progress.say("error: %s", what);
        } else if (n == 6) {
            Progress.say("more errors follow; only their count is reported");
        }
    }

    long errors() {
        return errors.get();
    }

    long eventsSoFar() {
        return warmupEvents.sum() + events.sum();
    }

    void awaitWindow() throws InterruptedException {
        windowClosed.await();
    }

    /** Prints the result lines that capture-throughput.sh reads. */
    synchronized void report(String transport, String settings) {
        double seconds = (windowEnd - windowStart) / 1e9;
        long[] sorted = Arrays.copyOf(latencies, latencyCount);
        Arrays.sort(sorted);
        System.out.printf("RESULT transport=%s %s events=%d batches=%d payload_bytes=%d seconds=%.1f "
                        + "events_per_s=%.0f mb_per_s=%.2f batch_p50_ms=%.1f batch_p99_ms=%.1f errors=%d%n",
                transport, settings, events.sum(), batches.sum(), bytes.sum(), seconds,
                events.sum() / seconds, bytes.sum() / seconds / 1e6,
                percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6, errors.get());
        reportCpu();
    }

    synchronized void reportCpu() {
        if (cpuAtStart != null && cpuAtEnd != null) {
            System.out.println("CPU " + CpuSampler.describe(cpuAtStart, cpuAtEnd));
        }
        System.out.flush();
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
