package dev.replaymesh.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The client side of bench/playback-read.sh: a long session written into a bucket and read back. */
@Command(name = "playback-bench", mixinStandardHelpOptions = true, subcommands = {PlaybackRead.class, BenchBucket.class},
        description = "Reads of a long stored session through playback-service, next to raw GETs plus decompression.")
public final class PlaybackBench {

    public static void main(String[] args) {
        System.exit(new CommandLine(new PlaybackBench()).execute(args));
    }
}
