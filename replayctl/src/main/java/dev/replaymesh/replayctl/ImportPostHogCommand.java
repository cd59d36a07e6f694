package dev.replaymesh.replayctl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.replaymesh.replayctl.posthog.Backoff;
import dev.replaymesh.replayctl.posthog.MigrationState;
import dev.replaymesh.replayctl.posthog.PostHogApi;
import dev.replaymesh.replayctl.posthog.PostHogApiException;
import dev.replaymesh.replayctl.posthog.RecordingFetch;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code replayctl import-posthog}: moves recordings out of a PostHog instance through its API, each
 * into this mesh as a new session (through {@code /v1/import}, so this mesh's redaction applies),
 * or into PostHog export files with {@code --output-dir}. Stops and goes on: what is finished is
 * kept in the state file after every recording.
 */
@Command(name = "import-posthog", mixinStandardHelpOptions = true,
        description = {"Migrate session recordings from a PostHog instance: list them with a personal API key,"
                + " fetch each one's snapshots, and import each as a session of this mesh (needs the import key)"
                + " or write PostHog export files (--output-dir).",
                "Resumable: finished recordings are kept in --state and skipped when run again. Waits and retries"
                        + " when PostHog answers 429 or 503."})
final class ImportPostHogCommand implements Callable<Integer> {

    /** Most bytes one compressed field of a PostHog event may inflate to. */
    static final long MAX_INFLATED_FIELD = 64L << 20;

    @Mixin
    Service service;

    @Option(names = "--posthog-url", required = true, description = "the PostHog instance, e.g. https://us.posthog.com")
    URI posthogUrl;

    @Option(names = "--project-id", required = true, description = "the PostHog project (environment) id")
    String projectId;

    @Option(names = "--posthog-key", defaultValue = "${env:POSTHOG_PERSONAL_API_KEY}",
            description = "personal API key with session_recording:read (env POSTHOG_PERSONAL_API_KEY)")
    String posthogKey;

    @Option(names = "--since", defaultValue = "-30d", description = "recordings since (PostHog's date_from: -30d, 2026-01-01; ${DEFAULT-VALUE})")
    String since;

    @Option(names = "--recording", description = "only this recording id (repeatable); the list is not read")
    List<String> recordings;

    @Option(names = "--output-dir", description = "write export-<id>-ph-recording.json files here instead of importing")
    Path outputDir;

    @Option(names = "--state", description = "progress file [posthog-migration-<project id>.json]")
    Path stateFile;

    @Option(names = "--max-tries", defaultValue = "8", description = "tries per PostHog request (${DEFAULT-VALUE})")
    int maxTries;

    @Option(names = "--backoff", defaultValue = "PT1S", description = "first wait after 429/503 without Retry-After, doubling up to a minute (${DEFAULT-VALUE})")
    Duration firstWait;

    @Option(names = {"-q", "--quiet"}, description = "no progress lines")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (posthogKey == null || posthogKey.isBlank()) {
            throw new CliFailure(ExitCodes.USAGE, "give PostHog's personal API key: --posthog-key or POSTHOG_PERSONAL_API_KEY");
        }
        MigrationState state = MigrationState.open(stateFile != null ? stateFile
                : Path.of("posthog-migration-" + projectId + ".json"));
        PostHogApi api = new PostHogApi(posthogUrl, projectId, posthogKey,
                new Backoff(firstWait, Duration.ofMinutes(1), maxTries), this::progress);
        RecordingFetch fetch = new RecordingFetch(api, MAX_INFLATED_FIELD);
        if (outputDir != null) {
            Files.createDirectories(outputDir);
        }
        List<PostHogApi.Recording> all = unauthorizedStops(() -> listed(api));
        int migrated = 0;
        int skipped = 0;
        int failed = 0;
        long events = 0;
        long leftOut = 0;
        for (int i = 0; i < all.size(); i++) {
            PostHogApi.Recording r = all.get(i);
            String where = "[" + (i + 1) + "/" + all.size() + "] " + r.id();
            if (state.finished(r.id())) {
                progress(where + ": done before");
                continue;
            }
            Path file = Files.createTempFile(outputDir != null ? outputDir : Path.of(System.getProperty("java.io.tmpdir")),
                    "posthog-" + r.id(), ".part");
            try {
                RecordingFetch.Fetched got = fetch.write(r, file);
                leftOut += got.undecodable() + got.malformed();
                if (got.events() == 0) {
                    state.skipped(r.id(), "no snapshots");
                    skipped++;
                    progress(where + ": no snapshots, skipped");
                    continue;
                }
                state.done(r.id(), deliver(r, file));
                migrated++;
                events += got.events();
                progress(where + ": " + got.events() + " events" + (got.undecodable() + got.malformed() > 0
                        ? " (" + got.undecodable() + " undecodable, " + got.malformed() + " malformed left out)" : ""));
            } catch (PostHogApiException e) {
                if (e.unauthorized()) {
                    throw new CliFailure(ExitCodes.UNAUTHORIZED, "PostHog refused the key: " + e.getMessage());
                }
                if (e.gone()) {
                    state.skipped(r.id(), "gone from PostHog (HTTP " + e.status() + ")");
                    skipped++;
                    progress(where + ": gone from PostHog, skipped");
                } else {
                    failed++;
                    progress(where + ": failed, will be tried again on the next run: " + e.getMessage());
                }
            } catch (CliFailure e) {
                if (e.exitCode() != ExitCodes.REFUSED) {
                    throw e;
                }
                state.skipped(r.id(), "refused by this mesh's import: " + e.getMessage());
                skipped++;
                progress(where + ": refused by the import, skipped: " + e.getMessage());
            } finally {
                Files.deleteIfExists(file);
            }
        }
        System.out.println("migrated " + migrated + " recordings (" + events + " events), skipped " + skipped
                + ", failed " + failed + "; " + leftOut + " events left out as undecodable or malformed; "
                + api.retries() + " PostHog requests retried; " + state.doneCount() + " done in all");
        return failed > 0 ? ExitCodes.UNAVAILABLE : ExitCodes.OK;
    }

    private List<PostHogApi.Recording> listed(PostHogApi api) {
        List<PostHogApi.Recording> all = new ArrayList<>();
        if (recordings != null) {
            recordings.forEach(id -> all.add(new PostHogApi.Recording(id, "", "", 0)));
            return all;
        }
        PostHogApi.Page page;
        do {
            page = api.list(all.size(), 100, since);
            all.addAll(page.recordings());
            progress("listed " + all.size() + " recordings");
        } while (page.hasNext() && !page.recordings().isEmpty());
        return all;
    }

    /** Imports the file (our new session id) or moves it into the output directory (its path). */
    private String deliver(PostHogApi.Recording r, Path file) throws java.io.IOException {
        if (outputDir != null) {
            Path out = outputDir.resolve("export-" + r.id() + "-ph-recording.json");
            Files.move(file, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return out.toString();
        }
        JsonNode imported = ImportCommand.upload(service, file, true);
        return imported.path("sessionId").asText();
    }

    private <T> T unauthorizedStops(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (PostHogApiException e) {
            throw new CliFailure(e.unauthorized() ? ExitCodes.UNAUTHORIZED : ExitCodes.UNAVAILABLE,
                    "listing recordings: " + e.getMessage());
        }
    }

    private void progress(String line) {
        if (!quiet) {
            System.err.println("import-posthog: " + line);
        }
    }
}
