package dev.replaymesh.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Option;

/** What every load shares: where, how long, how much, and which processes to watch. */
final class LoadOptions {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "capture-service host (${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "8081", description = "capture-service HTTP/gRPC port (${DEFAULT-VALUE})")
    int port;

    @Option(names = "--key", defaultValue = "demo-capture-key", description = "capture key (${DEFAULT-VALUE})")
    String key;

    @Option(names = "--warmup", defaultValue = "10", description = "seconds of load before measuring (${DEFAULT-VALUE})")
    int warmupSeconds;

    @Option(names = "--duration", defaultValue = "30", description = "seconds measured (${DEFAULT-VALUE})")
    int durationSeconds;

    @Option(names = "--sessions", defaultValue = "128", description = "distinct session ids (${DEFAULT-VALUE})")
    int sessions;

    @Option(names = "--batch", defaultValue = "100", description = "events per request or batch (${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--event-size", defaultValue = "1000",
            description = "mean rrweb event size in bytes; each is 70-130 %% of it (${DEFAULT-VALUE})")
    int eventSize;

    @Option(names = "--pool", defaultValue = "4096", description = "distinct event bodies generated (${DEFAULT-VALUE})")
    int pool;

    @Option(names = "--watch", description = "NAME=PID of a process whose CPU is reported, e.g. capture=1234")
    Map<String, Long> watch = new LinkedHashMap<>();

    /** Session ids unique to this run, so reruns never extend an earlier run's sessions. */
    String[] sessionIds() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String[] ids = new String[sessions];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "bench-" + run + "-" + i;
        }
        return ids;
    }

    Meter meter() {
        Map<String, Long> watched = new LinkedHashMap<>(watch);
        watched.putIfAbsent("loadgen", ProcessHandle.current().pid());
        return new Meter(warmupSeconds, durationSeconds, watched);
    }

    RrwebEvents events() {
        return new RrwebEvents(pool, eventSize, 42);
    }
}
