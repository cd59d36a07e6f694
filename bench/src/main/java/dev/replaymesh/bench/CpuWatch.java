package dev.replaymesh.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Reports the CPU use of other processes over a window, for loads this tool does not drive. */
@Command(name = "cpu", description = "Print the CPU line for --watch processes over [warmup, warmup+duration].")
final class CpuWatch implements Callable<Integer> {

    @Option(names = "--warmup", defaultValue = "0")
    int warmupSeconds;

    @Option(names = "--duration", required = true)
    int durationSeconds;

    @Option(names = "--watch", required = true, description = "NAME=PID")
    java.util.Map<String, Long> watch;

    @Override
    public Integer call() throws InterruptedException {
        Meter meter = new Meter(warmupSeconds, durationSeconds, watch);
        meter.awaitWindow();
        meter.reportCpu();
        return 0;
    }
}
