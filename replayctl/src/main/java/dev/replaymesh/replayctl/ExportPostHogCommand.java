package dev.replaymesh.replayctl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code replayctl export-posthog DIR}: every session of the key's project (or a user's, or a time
 * range's) as the JSON file PostHog's "load from file" reads, the way back to PostHog. Files that
 * are already there are kept, so a stopped run goes on where it stopped.
 */
@Command(name = "export-posthog", mixinStandardHelpOptions = true,
        description = "Write sessions as PostHog export files (2023-04-28) into a directory, one per session;"
                + " files already there are kept (run again to go on).")
final class ExportPostHogCommand implements Callable<Integer> {

    @Mixin
    Service service;

    @Parameters(index = "0", description = "directory to write export-<session>-ph-recording.json files into")
    Path dir;

    @Option(names = "--user", description = "only this user's (distinct id) sessions")
    String user;

    @Option(names = "--from", description = "sessions starting at or after this time (ISO-8601)")
    Instant from;

    @Option(names = "--to", description = "sessions starting before this time (ISO-8601)")
    Instant to;

    @Option(names = {"-q", "--quiet"}, description = "no progress lines")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(dir);
        List<String> sessions = sessions();
        int written = 0;
        int kept = 0;
        for (int i = 0; i < sessions.size(); i++) {
            String session = sessions.get(i);
            Path out = dir.resolve("export-" + session + "-ph-recording.json");
            if (Files.exists(out)) {
                kept++;
                continue;
            }
            ExportCommand.download(service, session, "posthog", out, true);
            written++;
            if (!quiet) {
                System.err.println("export-posthog: [" + (i + 1) + "/" + sessions.size() + "] " + out);
            }
        }
        System.out.println("wrote " + written + " PostHog export files to " + dir + " (" + kept + " already there)");
        return ExitCodes.OK;
    }

    private List<String> sessions() throws java.io.IOException {
        List<String> ids = new ArrayList<>();
        SessionListing.each(service, user, from, to, Integer.MAX_VALUE, s -> ids.add(s.path("sessionId").asText()));
        return ids;
    }
}
