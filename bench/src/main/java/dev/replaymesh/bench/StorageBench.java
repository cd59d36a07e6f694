package dev.replaymesh.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The client side of the storage benchmarks: bench/storage-throughput.sh (a backlog of framed rrweb
 * events for storage-service to drain into a bucket, the drain measured from its metrics, and raw
 * MinIO-client PUTs of the chunks it wrote) and bench/catalog-memory.sh (a catalog topic of session
 * summaries for its catalog view to hold).
 */
@Command(name = "storage-bench", mixinStandardHelpOptions = true,
        subcommands = {EventBacklogFill.class, StorageDrainWatch.class, RawPutBaseline.class, BenchBucket.class,
                CatalogFill.class},
        description = "Backlogs, drain measurement, raw PUT baseline and catalog fill for the storage benchmarks.")
public final class StorageBench {

    public static void main(String[] args) {
        System.exit(new CommandLine(new StorageBench()).execute(args));
    }

    static void say(String format, Object... args) {
        System.err.printf("storage-bench: " + format + "%n", args);
    }
}
