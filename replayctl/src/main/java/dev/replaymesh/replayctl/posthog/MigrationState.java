package dev.replaymesh.replayctl.posthog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a migration has finished, kept in a small JSON file after every recording, so that a run
 * that was stopped goes on where it stopped: {@code {"done": {"<posthog id>": "<where it went>"},
 * "skipped": {"<posthog id>": "<why>"}}}. A recording is done only once it was imported (or
 * written); one that failed half-way is fetched again whole.
 */
public final class MigrationState {

    private final Path file;
    private final Map<String, String> done = new LinkedHashMap<>();
    private final Map<String, String> skipped = new LinkedHashMap<>();

    private MigrationState(Path file) {
        this.file = file;
    }

    /** The state in {@code file}, or an empty one if there is no such file yet. */
    public static MigrationState open(Path file) {
        MigrationState state = new MigrationState(file);
        if (Files.exists(file)) {
            try {
                ObjectNode json = (ObjectNode) PostHogApi.JSON.readTree(file.toFile());
                json.path("done").fields().forEachRemaining(e -> state.done.put(e.getKey(), e.getValue().asText()));
                json.path("skipped").fields().forEachRemaining(e -> state.skipped.put(e.getKey(), e.getValue().asText()));
            } catch (IOException | ClassCastException e) {
                throw new IllegalStateException("state file " + file + " is not a migration state: " + e.getMessage(), e);
            }
        }
        return state;
    }

    public boolean finished(String recordingId) {
        return done.containsKey(recordingId) || skipped.containsKey(recordingId);
    }

    public int doneCount() {
        return done.size();
    }

    public void done(String recordingId, String where) {
        done.put(recordingId, where);
        save();
    }

    public void skipped(String recordingId, String why) {
        skipped.put(recordingId, why);
        save();
    }

    /** Written to a temporary file and moved into place: a crash leaves the old state or the new. */
    private void save() {
        ObjectNode json = PostHogApi.JSON.createObjectNode();
        done.forEach(json.putObject("done")::put);
        skipped.forEach(json.putObject("skipped")::put);
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            PostHogApi.JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), json);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("saving " + file, e);
        }
    }
}
