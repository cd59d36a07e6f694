package dev.replaymesh.replayctl.posthog;

import dev.replaymesh.format.posthog.PostHogExportWriter;
import dev.replaymesh.replayctl.posthog.SnapshotLines.WindowEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Fetches one PostHog recording whole and writes it as the JSON file PostHog's "Export to JSON"
 * writes (2023-04-28): its {@code blob_v2} blocks in ranges of at most
 * {@value PostHogApi#MAX_KEYS_PER_REQUEST} keys, or its {@code blob_v2_lts} file; events
 * decompressed, sorted by timestamp as PostHog's player and import want them.
 */
public final class RecordingFetch {

    /** What was fetched: events written, and events left out as undecodable or malformed. */
    public record Fetched(long events, long undecodable, long malformed) {
    }

    private final PostHogApi api;
    private final long maxInflatedField;

    public RecordingFetch(PostHogApi api, long maxInflatedField) {
        this.api = api;
        this.maxInflatedField = maxInflatedField;
    }

    /** Writes the recording to {@code file}; 0 events written means the recording holds none. */
    public Fetched write(PostHogApi.Recording recording, Path file) throws IOException {
        SnapshotLines lines = new SnapshotLines(maxInflatedField);
        List<WindowEvent> events = new ArrayList<>();
        List<Integer> keys = new ArrayList<>();
        for (PostHogApi.Source source : api.sources(recording.id())) {
            switch (source.source()) {
                case "blob_v2" -> keys.add(Integer.parseInt(source.blobKey()));
                case "blob_v2_lts" -> lines.read(api.longTermBlock(recording.id(), source.blobKey()), events::add);
                default -> throw new PostHogApiException(200, "recording " + recording.id()
                        + " has a snapshot source this tool does not read: " + source.source());
            }
        }
        keys.sort(null);
        for (int i = 0; i < keys.size(); ) {
            int start = keys.get(i);
            int j = i;
            // A range: consecutive keys, at most MAX_KEYS_PER_REQUEST of them.
            while (j + 1 < keys.size() && keys.get(j + 1) == keys.get(j) + 1
                    && j + 1 - i < PostHogApi.MAX_KEYS_PER_REQUEST) {
                j++;
            }
            lines.read(api.blocks(recording.id(), start, keys.get(j)), events::add);
            i = j + 1;
        }
        if (events.isEmpty()) {
            return new Fetched(0, lines.undecodable(), lines.malformed());
        }
        events.sort(Comparator.comparingLong(WindowEvent::timestamp));
        try (OutputStream out = Files.newOutputStream(file);
                PostHogExportWriter writer = new PostHogExportWriter(out, recording.id(),
                        recording.distinctId().isEmpty() ? null : recording.distinctId())) {
            for (WindowEvent e : events) {
                writer.write(e.windowId(), PostHogApi.JSON.writeValueAsString(e.event()).getBytes(StandardCharsets.UTF_8));
            }
            writer.finish();
        }
        return new Fetched(events.size(), lines.undecodable(), lines.malformed());
    }
}
