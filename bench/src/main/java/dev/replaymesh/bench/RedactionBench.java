package dev.replaymesh.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The Kafka side of the redaction throughput benchmark (bench/redaction-throughput.sh): fills a topic
 * with a backlog of captured rrweb events, watches consumer groups drain it, copies it with a plain
 * Kafka pass-through for the baseline, and empties the benchmark's topics between rounds.
 */
@Command(name = "redaction-bench", mixinStandardHelpOptions = true,
        subcommands = {BacklogFill.class, DrainWatch.class, PassThrough.class, TruncateTopics.class},
        description = "Backlogs, drain measurement and the pass-through baseline for redaction throughput.")
public final class RedactionBench {

    public static void main(String[] args) {
        System.exit(new CommandLine(new RedactionBench()).execute(args));
    }
}
