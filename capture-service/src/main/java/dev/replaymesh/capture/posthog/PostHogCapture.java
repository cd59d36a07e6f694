package dev.replaymesh.capture.posthog;

import dev.replaymesh.capture.auth.ProjectKeys;
import dev.replaymesh.capture.config.CaptureConfig;
import dev.replaymesh.capture.ingest.BodyDecoder;
import dev.replaymesh.capture.parse.IncomingEvent;
import dev.replaymesh.capture.service.CaptureBatch;
import dev.replaymesh.capture.service.CaptureMetrics;
import dev.replaymesh.capture.service.CaptureRefusedException;
import dev.replaymesh.capture.service.CaptureService;
import dev.replaymesh.capture.service.Receipt;
import dev.replaymesh.capture.service.Refusal;
import dev.replaymesh.contract.SessionIds;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Takes one posthog-js request: decodes the body, splits its events by session, and hands each
 * session's recording events to {@link CaptureService} like any other batch. Returns once Kafka
 * acknowledged all of them, so a 200 means durable (posthog-js re-sends anything else, and
 * storage recognises re-sent events). Events of other kinds are counted and not kept.
 */
@ApplicationScoped
public class PostHogCapture {

    static final String TRANSPORT = "posthog";

    private final ProjectKeys keys;
    private final CaptureService capture;
    private final CaptureMetrics captureMetrics;
    private final PostHogMetrics metrics;
    private final PostHogBody bodies;
    private final PostHogBatchReader reader;
    private final RecordingEvents recording;

    public PostHogCapture(ProjectKeys keys, CaptureService capture, CaptureMetrics captureMetrics,
            PostHogMetrics metrics, CaptureConfig config) {
        this.keys = keys;
        this.capture = capture;
        this.captureMetrics = captureMetrics;
        this.metrics = metrics;
        this.bodies = new PostHogBody(new BodyDecoder(config.limits().maxInflatedBody().asLongValue()));
        this.reader = new PostHogBatchReader(config.limits().maxEventsPerBatch());
        this.recording = new RecordingEvents(Math.toIntExact(config.limits().maxEvent().asLongValue()), metrics,
                Clock.systemUTC());
    }

    /** One session's recording events from this request. */
    private record SessionEvents(String project, String sessionId, String distinctId, List<IncomingEvent> events) {
    }

    /**
     * Captures the request's recording events; returns how many were kept.
     *
     * @throws CaptureRefusedException INVALID or TOO_LARGE for a body that cannot be read,
     *     UNAUTHENTICATED for an event without a known project token, UNAVAILABLE if Kafka did not
     *     acknowledge in time (nothing of the request is then promised)
     */
    public int capture(byte[] body, String contentEncoding, String compression) {
        Map<String, SessionEvents> sessions;
        try {
            List<PostHogEvent> events = reader.read(bodies.json(body, contentEncoding, compression));
            sessions = bySession(events);
        } catch (CaptureRefusedException e) {
            captureMetrics.refused(TRANSPORT, e.refusal(), 0, body.length);
            throw e;
        }
        List<CompletableFuture<Receipt>> receipts = new ArrayList<>();
        long bytes = body.length;
        for (SessionEvents s : sessions.values()) {
            receipts.add(capture.capture(new CaptureBatch(s.project(), s.sessionId(), "", s.distinctId(), s.events(),
                    bytes), TRANSPORT));
            bytes = 0; // the request's bytes are counted once
        }
        int kept = 0;
        for (CompletableFuture<Receipt> r : receipts) {
            kept += CaptureService.await(r).accepted();
        }
        return kept;
    }

    private Map<String, SessionEvents> bySession(List<PostHogEvent> events) {
        Map<String, SessionEvents> sessions = new LinkedHashMap<>();
        for (PostHogEvent e : events) {
            String project = project(e);
            metrics.received(RecordingEvents.kind(e));
            List<IncomingEvent> kept = PostHogEvent.SNAPSHOT.equals(e.name()) ? snapshots(e)
                    : recording.metadata(e).map(List::of).orElse(List.of());
            if (kept.isEmpty()) {
                continue;
            }
            sessions.computeIfAbsent(project + '/' + e.sessionId(),
                    k -> new SessionEvents(project, e.sessionId(), e.distinctId(), new ArrayList<>())).events().addAll(kept);
        }
        return sessions;
    }

    private List<IncomingEvent> snapshots(PostHogEvent e) {
        if (e.sessionId() == null || !SessionIds.isValid(e.sessionId())) {
            metrics.dropped("no_session", Math.max(1, e.properties().path("$snapshot_data").size()));
            return List.of();
        }
        return recording.snapshots(e);
    }

    private String project(PostHogEvent e) {
        if (e.token() == null) {
            throw new CaptureRefusedException(Refusal.UNAUTHENTICATED,
                    "event " + e.name() + " carries no project token (properties.token or api_key)");
        }
        return keys.projectForKey(e.token()).orElseThrow(() -> new CaptureRefusedException(Refusal.UNAUTHENTICATED,
                "unknown project token; posthog-js's token must be a capture key of this mesh"));
    }
}
