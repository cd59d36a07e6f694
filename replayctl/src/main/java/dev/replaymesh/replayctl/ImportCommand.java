package dev.replaymesh.replayctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code replayctl import FILE}: a portable package or a PostHog export into the key's project as a
 * new session. Give the project's import key with {@code --key} (or REPLAY_KEY).
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Upload a package (ZIP) or a PostHog export (JSON) as a new session; needs the import key.")
final class ImportCommand implements Callable<Integer> {

    @Mixin
    Service service;

    @Parameters(index = "0", description = "the file")
    Path file;

    @Option(names = {"-q", "--quiet"}, description = "no progress bar")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new CliFailure(ExitCodes.USAGE, "no file " + file);
        }
        JsonNode result = upload(service, file, quiet);
        JsonNode origin = result.path("origin");
        JsonNode signature = origin.path("signature");
        System.out.println("imported " + result.path("events").asLong() + " events as session "
                + result.path("sessionId").asText() + " (was " + origin.path("sessionId").asText("?") + ", from "
                + origin.path("source").asText() + ")");
        System.out.println(VerifyCommand.describe(signature.path("signed").asBoolean(), signature.path("signer").asText(null),
                signature.path("fingerprint").asText(null), signature.path("trusted").asBoolean()));
        return ExitCodes.OK;
    }

    /** Posts the file to {@code /v1/import} with a progress bar; the service's answer. */
    static JsonNode upload(Service service, Path file, boolean quiet) throws java.io.IOException {
        long size = Files.size(file);
        HttpRequest request = service.request("/v1/import").header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> {
                    try {
                        return new Progress(Files.newInputStream(file), "import " + file.getFileName(), size, quiet);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })).build();
        try (InputStream body = service.send(request).body()) {
            return Service.JSON.readTree(body);
        }
    }
}
