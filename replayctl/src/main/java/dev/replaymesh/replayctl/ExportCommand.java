package dev.replaymesh.replayctl;

import dev.replaymesh.format.RefusedPackageException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code replayctl export SESSION}: the portable package (or PostHog JSON) into a file. */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Download a session as a portable package.")
final class ExportCommand implements Callable<Integer> {

    @Mixin
    Service service;

    @Parameters(index = "0", description = "session id")
    String session;

    @Option(names = {"-o", "--output"}, description = "file to write [SESSION.replay.zip, or export-SESSION-ph-recording.json]")
    Path output;

    @Option(names = "--format", defaultValue = "package", description = "package or posthog (${DEFAULT-VALUE})")
    String format;

    @Option(names = {"-q", "--quiet"}, description = "no progress bar")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        Path out = output != null ? output : Path.of(format.equals("posthog")
                ? "export-" + session + "-ph-recording.json" : session + ".replay.zip");
        download(service, session, format, out, quiet);
        System.out.println(out);
        return ExitCodes.OK;
    }

    /**
     * Downloads one session's export to {@code out}; the file takes that name only once it is whole
     * and readable (the service sends its status before reading the session, so a failure part-way
     * shows only in the file itself).
     */
    static void download(Service service, String session, String format, Path out, boolean quiet)
            throws java.io.IOException {
        HttpResponse<InputStream> response = service.send(service.request("/v1/sessions/" + Service.path(session)
                + "/export?format=" + Service.path(format)).GET().build());
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        Path partial = out.resolveSibling(out.getFileName() + ".part");
        try (InputStream in = new Progress(response.body(), "export " + session, length, quiet);
                OutputStream file = Files.newOutputStream(partial)) {
            in.transferTo(file);
        } catch (java.io.IOException e) {
            Files.deleteIfExists(partial);
            throw new CliFailure(ExitCodes.UNAVAILABLE, "the export of " + session + " broke off (" + e.getMessage()
                    + "); nothing written");
        }
        checkWhole(partial, session, format);
        Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void checkWhole(Path file, String session, String format) throws java.io.IOException {
        try (InputStream in = Files.newInputStream(file)) {
            if (format.equals("posthog")) {
                Service.JSON.readTree(in);
            } else {
                VerifyCommand.read(in);
            }
        } catch (RefusedPackageException | com.fasterxml.jackson.core.JsonProcessingException e) {
            Files.deleteIfExists(file);
            throw new CliFailure(ExitCodes.REFUSED, "the export of " + session + " is incomplete or damaged ("
                    + e.getMessage() + "); nothing written");
        }
    }
}
