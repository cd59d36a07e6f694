package dev.replaymesh.playback.importing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.replaymesh.contract.SessionIds;
import dev.replaymesh.format.Events;
import dev.replaymesh.format.RefusedPackageException;
import dev.replaymesh.format.RefusedPackageException.Reason;
import dev.replaymesh.format.portable.PackageLimits;
import dev.replaymesh.format.portable.PackageReader;
import dev.replaymesh.format.portable.PackageSigner;
import dev.replaymesh.format.portable.PackagedSession;
import dev.replaymesh.format.portable.VerifiedPackage;
import dev.replaymesh.format.portable.WindowRun;
import dev.replaymesh.format.posthog.PostHogExportReader;
import dev.replaymesh.format.session.ObjectKeys;
import dev.replaymesh.playback.config.PlaybackConfig;
import dev.replaymesh.playback.signing.InstanceIdentity;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.store.objectstore.ObjectStore;
import dev.replaymesh.store.objectstore.ObjectStoreException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Takes a recording from a file into a project as a new session: a portable package (checked
 * whole first: every checksum, and the signature if it has one) or PostHog's export JSON. Its
 * events go to {@code replay.capture.v1} in their recorded order, as capture would send them, so
 * they are redacted by this instance's rules and stored like any other session; where the session
 * came from is kept beside it in the bucket ({@code origin.json}).
 */
@ApplicationScoped
public class SessionImporter {

    static final int BATCH = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CaptureTopicWriter topic;
    private final ObjectStore store;
    private final InstanceIdentity identity;
    private final PackageLimits limits;
    private final long maxJsonBytes;
    private final Duration ackTimeout;

    public SessionImporter(CaptureTopicWriter topic, ObjectStore store, InstanceIdentity identity, PlaybackConfig config) {
        this.topic = topic;
        this.store = store;
        this.identity = identity;
        PlaybackConfig.Imports imports = config.imports();
        this.limits = new PackageLimits(imports.maxFileSize().asLongValue(), imports.maxTotalSize().asLongValue(),
                imports.maxRatio());
        this.maxJsonBytes = imports.maxFileSize().asLongValue();
        this.ackTimeout = imports.ackTimeout();
    }

    /**
     * Imports a package (a ZIP) or a PostHog export (JSON), told apart by their first bytes.
     *
     * @throws RefusedPackageException if the file is not taken; nothing has been sent then
     * @throws ImportFailedException if Kafka or the bucket failed
     */
    public ImportResult importFile(String project, InputStream body) throws IOException {
        BufferedInputStream in = new BufferedInputStream(body);
        in.mark(64);
        byte[] head = in.readNBytes(64);
        in.reset();
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return importPackage(project, in);
        }
        String start = new String(head, StandardCharsets.UTF_8).stripLeading();
        if (start.startsWith("{")) {
            return importPostHog(project, new LimitedInputStream(in, maxJsonBytes));
        }
        throw new RefusedPackageException(Reason.MALFORMED, null,
                "neither a portable package (ZIP) nor a PostHog recording export (JSON)");
    }

    private ImportResult importPackage(String project, InputStream zip) throws IOException {
        Path dir = Files.createTempDirectory("replay-import-");
        try {
            VerifiedPackage pkg = new PackageReader(limits).read(zip, dir);
            PackageSigner.SignatureCheck check = PackageSigner.check(pkg);
            ImportResult.Signature signature = check.signed()
                    ? new ImportResult.Signature(true, check.signer(), check.fingerprint(),
                            identity.trusts(check.fingerprint()))
                    : ImportResult.Signature.UNSIGNED;
            PackagedSession was = pkg.manifest().session();
            String sessionId = SessionIds.newId();
            long now = System.currentTimeMillis();
            // Every event is checked before the first is sent (a package is taken whole or not at
            // all), reading the unpacked file twice rather than holding the session in memory.
            long lines = 0;
            try (BufferedReader in = pkg.events()) {
                for (String json = in.readLine(); json != null; json = in.readLine()) {
                    rrwebEvent(++lines, json);
                }
            }
            if (lines != was.eventCount() || lines == 0) {
                throw new RefusedPackageException(Reason.MALFORMED, "events.ndjson", "events.ndjson has " + lines
                        + " events, the manifest says " + was.eventCount());
            }
            Windows windows = new Windows(was.windows(), lines);
            List<Event> batch = new ArrayList<>(BATCH);
            long line = 0;
            try (BufferedReader in = pkg.events()) {
                for (String json = in.readLine(); json != null; json = in.readLine()) {
                    line++;
                    batch.add(event(project, sessionId, windows.of(line), line, json, was.distinctId(), now));
                    if (batch.size() == BATCH) {
                        topic.send(sessionId, batch, ackTimeout);
                        batch.clear();
                    }
                }
            }
            topic.send(sessionId, batch, ackTimeout);
            ImportResult.Origin origin = new ImportResult.Origin("package", was.project(), was.sessionId(),
                    was.distinctId(), now, signature);
            keepOrigin(project, sessionId, origin);
            return new ImportResult(sessionId, line, origin);
        } finally {
            deleteTree(dir);
        }
    }

    private ImportResult importPostHog(String project, InputStream json) throws IOException {
        String sessionId = SessionIds.newId();
        long now = System.currentTimeMillis();
        List<PostHogExportReader.Snapshot> snapshots = new ArrayList<>();
        PostHogExportReader.Header header = new PostHogExportReader().read(json, snapshots::add);
        if (snapshots.isEmpty()) {
            throw new RefusedPackageException(Reason.MALFORMED, null, "the PostHog export holds no snapshots");
        }
        // PostHog's player plays in timestamp order; its exports are written so, older ones may not be.
        snapshots.sort(Comparator.comparingLong(PostHogExportReader.Snapshot::timestamp));
        Map<String, String> windows = new HashMap<>();
        List<Event> events = new ArrayList<>(snapshots.size());
        long seq = 0;
        for (PostHogExportReader.Snapshot s : snapshots) {
            seq++;
            String window = windows.computeIfAbsent(s.windowId(), w -> "posthog-window-" + (windows.size() + 1));
            events.add(event(project, sessionId, window, seq, JSON.writeValueAsString(s.event()),
                    header.distinctId(), now));
        }
        for (int from = 0; from < events.size(); from += BATCH) {
            topic.send(sessionId, events.subList(from, Math.min(events.size(), from + BATCH)), ackTimeout);
        }
        ImportResult.Origin origin = new ImportResult.Origin("posthog", null, header.id().isEmpty() ? null
                : header.id(), header.distinctId(), now, ImportResult.Signature.UNSIGNED);
        keepOrigin(project, sessionId, origin);
        return new ImportResult(sessionId, events.size(), origin);
    }

    private static Event event(String project, String sessionId, String window, long seq, String json,
            String distinctId, long now) {
        JsonNode node = rrwebEvent(seq, json);
        return Events.withPayloadCrc(Event.newBuilder().setProject(project).setSessionId(sessionId)
                .setWindowId(window).setClientSeq(seq).setClientTimestampMs(node.path("timestamp").asLong())
                .setServerReceivedMs(now).setEventType(node.path("type").asInt())
                .setDistinctId(distinctId == null ? "" : distinctId)
                .setPayload(ByteString.copyFromUtf8(json)).build());
    }

    /** The event's JSON, if it is an rrweb event: an object with a numeric type and timestamp. */
    private static JsonNode rrwebEvent(long seq, String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (IOException e) {
            throw new RefusedPackageException(Reason.MALFORMED, "events.ndjson", "event " + seq + " is not JSON: "
                    + e.getMessage());
        }
        if (node == null || !node.isObject() || !node.path("type").isInt() || !node.path("timestamp").isNumber()) {
            throw new RefusedPackageException(Reason.MALFORMED, "events.ndjson", "event " + seq
                    + " is not an rrweb event (an object with a numeric type and timestamp)");
        }
        return node;
    }

    private void keepOrigin(String project, String sessionId, ImportResult.Origin origin) {
        try {
            store.put(ObjectKeys.origin(project, sessionId), JSON.writeValueAsBytes(origin), "application/json");
        } catch (ObjectStoreException | IOException e) {
            throw new ImportFailedException("the events are imported as " + sessionId
                    + ", but where they came from could not be stored: " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The window of each line, from the manifest's runs; every line must be in one. */
    private static final class Windows {
        private final List<WindowRun> runs;
        private int at;

        Windows(List<WindowRun> runs, long lines) {
            this.runs = runs == null ? List.of() : runs;
            long next = 1;
            for (WindowRun r : this.runs) {
                if (r.firstLine() != next || r.lastLine() < r.firstLine()) {
                    throw new RefusedPackageException(Reason.MALFORMED, "manifest.json", "session.windows does not "
                            + "cover the events line after line (a run starts at " + r.firstLine() + ", expected " + next + ")");
                }
                next = r.lastLine() + 1;
            }
            if (next != lines + 1) {
                throw new RefusedPackageException(Reason.MALFORMED, "manifest.json", "session.windows covers "
                        + (next - 1) + " lines, the session has " + lines + " events");
            }
        }

        String of(long line) {
            while (runs.get(at).lastLine() < line) {
                at++;
            }
            return runs.get(at).windowId();
        }
    }
}
