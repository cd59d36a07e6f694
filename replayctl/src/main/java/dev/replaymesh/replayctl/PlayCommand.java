package dev.replaymesh.replayctl;

import java.io.InputStream;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code replayctl play SESSION --ndjson}: the session's events to standard output, in order, each
 * chunk verified by the service; a session that fails verification part-way exits non-zero.
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
        try (InputStream body = service.send(service.request(path).GET().build()).body()) {
            body.transferTo(System.out);
        } catch (java.io.IOException e) {
            // The service breaks the transfer when a chunk fails verification after the answer began.
            System.out.flush();
            throw new CliFailure(ExitCodes.REFUSED, "the stream of " + session + " broke off: " + e.getMessage()
                    + " (the last line says why, when the service could send it)");
        }
        System.out.flush();
        return ExitCodes.OK;
    }
}
