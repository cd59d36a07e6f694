package dev.replaymesh.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Drives capture-service at full speed over one transport and prints what was acknowledged in
 * the measuring window as a {@code RESULT ...} line (and a {@code CPU ...} line). Started by
 * bench/capture-throughput.sh; usable alone against any running capture-service.
 */
@Command(name = "loadgen", mixinStandardHelpOptions = true,
        subcommands = {HttpLoad.class, GrpcLoad.class, CpuWatch.class},
        description = "Load generator for capture-service throughput benchmarks.")
public final class LoadGenerator {

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadGenerator()).execute(args));
    }
}
