package dev.replaymesh.playback.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.replaymesh.format.portable.PackageLayout;
import dev.replaymesh.format.portable.PackageManifest;
import dev.replaymesh.format.portable.PackageWriter;
import dev.replaymesh.format.portable.PackagedSession;
import dev.replaymesh.format.portable.WindowRun;
import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.playback.signing.InstanceIdentity;
import dev.replaymesh.playback.stream.PlaybackCursor;
import dev.replaymesh.playback.stream.SessionPlayback;
import dev.replaymesh.proto.v1.Event;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a stored session as a portable package (docs/FORMAT.md, "Portable package"): its events
 * as NDJSON, the redaction report, the offline player, the manifest and SHA256SUMS. The session
 * is read twice (for the events file and for the player page), one verified chunk at a time.
 */
@ApplicationScoped
public class PackageExporter {

    static final String CREATED_BY = "replay-mesh playback-service";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final SessionPlayback playback;
    private final OfflinePlayerPage player;
    private final InstanceIdentity identity;

    public PackageExporter(SessionPlayback playback, OfflinePlayerPage player, InstanceIdentity identity) {
        this.playback = playback;
        this.player = player;
        this.identity = identity;
    }

    /** Writes the package of a session whose manifest the caller has read (and so knows exists). */
    public PackageManifest write(Manifest manifest, OutputStream out, long createdMs) throws IOException {
        PackageWriter pkg = new PackageWriter(out, createdMs);
        List<WindowRun> windows = new ArrayList<>();
        long lines = 0;
        try (OutputStream events = pkg.beginFile(PackageLayout.EVENTS)) {
            PlaybackCursor cursor = playback.open(manifest, 0, 0);
            for (List<Event> batch = cursor.next(); batch != null; batch = cursor.next()) {
                for (Event e : batch) {
                    e.getPayload().writeTo(events);
                    events.write('\n');
                    lines++;
                    WindowRun.append(windows, e.getWindowId(), lines);
                }
            }
        }
        pkg.file(PackageLayout.REDACTION_REPORT, JSON.writeValueAsBytes(manifest.redaction()));
        try (OutputStream page = pkg.beginFile(PackageLayout.PLAYER)) {
            player.write(page, "Session " + manifest.sessionId(), heading(manifest), playback.open(manifest, 0, 0));
        }
        PackagedSession session = new PackagedSession(manifest.project(), manifest.sessionId(), manifest.distinctId(),
                manifest.startMs(), manifest.endMs(), lines, windows, manifest.activity().urls());
        return pkg.finish(session, createdMs, CREATED_BY + " (" + identity.name() + ")", identity.signer().orElse(null));
    }

    private static String heading(Manifest m) {
        return "Session " + m.sessionId() + (m.distinctId() == null ? "" : " of " + m.distinctId()) + " — "
                + Instant.ofEpochMilli(m.startMs()) + ", " + m.eventCount() + " events, "
                + Math.round(m.durationMs() / 1000.0) + " s";
    }
}
