package dev.replaymesh.replayctl;

import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code replayctl list}: the project's sessions, newest first, a line each (or JSON lines). */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the project's sessions, newest first.")
final class ListCommand implements Callable<Integer> {

    @Mixin
    Service service;

    @Option(names = "--user", description = "only this user's (distinct id) sessions")
    String user;

    @Option(names = "--from", description = "sessions starting at or after this time (ISO-8601, e.g. 2026-11-01T00:00:00Z)")
    Instant from;

    @Option(names = "--to", description = "sessions starting before this time (ISO-8601)")
    Instant to;

    @Option(names = "--limit", defaultValue = "100", description = "at most this many (${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--json", description = "one SessionSummary JSON per line instead of a table")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!json) {
            System.out.printf("%-38s %-20s %-24s %9s %8s%n", "SESSION", "USER", "START", "DURATION", "EVENTS");
        }
        SessionListing.each(service, user, from, to, limit, s -> {
            if (json) {
                System.out.println(s.toString());
            } else {
                System.out.printf("%-38s %-20s %-24s %8ds %8d%n", s.path("sessionId").asText(),
                        s.path("distinctId").asText("-"), Instant.ofEpochMilli(s.path("startMs").asLong()),
                        s.path("durationMs").asLong() / 1000, s.path("eventCount").asLong());
            }
        });
        return ExitCodes.OK;
    }
}
