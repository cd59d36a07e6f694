package dev.replaymesh.replayctl;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code replayctl play SESSION --ndjson}: the session's events to standard output, in order, each
 * chunk verified by the service; a session that fails verification part-way exits 1 after the
 * events before the failure, saying why on standard error.
 */
@Command(name = "play", mixinStandardHelpOptions = true, description = "Write a session's events to standard output.")
final class PlayCommand implements Callable<Integer> {

    @Mixin
    Service service;

    @Parameters(index = "0", description = "session id")
    String session;

    @Option(names = "--ndjson", required = true, description = "as NDJSON (the only output so far)")
    boolean ndjson;

    @Option(names = "--rrweb", description = "the rrweb events alone, not the envelope of docs/FORMAT.md")
    boolean rrweb;

    @Option(names = "--from", description = "start at the last full snapshot at or before this time (ISO-8601)")
    Instant from;

    @Option(names = "--to", description = "stop after the last event at or before this time (ISO-8601)")
    Instant to;

    @Override
    public Integer call() throws Exception {
        String path = "/v1/sessions/" + Service.path(session) + "/events?shape=" + (rrweb ? "rrweb" : "envelope")
                + (from == null ? "" : "&from=" + from.toEpochMilli()) + (to == null ? "" : "&to=" + to.toEpochMilli());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                service.send(service.request(path).GET().build()).body(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                // The status is sent before the session is read: a chunk that fails verification
                // later ends the body with an error line instead.
                if (line.startsWith("{\"error\":")) {
                    System.out.flush();
                    throw new CliFailure(ExitCodes.REFUSED, "the stream of " + session + " stopped: "
                            + Service.JSON.readTree(line).path("message").asText());
                }
                System.out.println(line);
            }
        }
        System.out.flush();
        return ExitCodes.OK;
    }
}
