package dev.replaymesh.capture.posthog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaymesh.capture.parse.EventJson;
import dev.replaymesh.capture.parse.IncomingEvent;
import dev.replaymesh.capture.parse.MalformedEventException;
import dev.replaymesh.format.posthog.CompressedSnapshot;
import dev.replaymesh.format.posthog.CompressedSnapshot.UndecodableSnapshotException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What of posthog-js's events goes into a session's recording: the rrweb events of each
 * {@code $snapshot} (decompressed, so that redaction sees every node and text), and page views,
 * autocaptured clicks and exceptions as rrweb Custom events tagged with the event's name, so that
 * they sit in the session's timeline. An rrweb event that cannot be decoded or is not an rrweb
 * event is left out and counted; the others of the request are kept.
 */
final class RecordingEvents {

    private static final Logger LOG = Logger.getLogger(RecordingEvents.class);
    private static final int CUSTOM = 5;
    /** The properties a page view, click or exception keeps; the rest describe the browser, not the session. */
    private static final List<String> METADATA_PROPERTIES = List.of("$current_url", "$pathname", "$host", "$referrer",
            "title", "$event_type", "$el_text", "$elements_chain", "$exception_list", "$exception_type",
            "$exception_message", "$exception_level");

    private final CompressedSnapshot compressed;
    private final int maxEventBytes;
    private final PostHogMetrics metrics;
    private final Clock clock;

    RecordingEvents(int maxEventBytes, PostHogMetrics metrics, Clock clock) {
        this.compressed = new CompressedSnapshot(maxEventBytes);
        this.maxEventBytes = maxEventBytes;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** posthog-js's kind of event, as the metrics count it. */
    static String kind(PostHogEvent e) {
        return switch (e.name() == null ? "" : e.name()) {
            case PostHogEvent.SNAPSHOT -> "snapshot";
            case "$pageview" -> "pageview";
            case "$autocapture" -> "autocapture";
            case "$exception" -> "exception";
            default -> "other";
        };
    }

    /** The rrweb events of a {@code $snapshot}, in the order sent. */
    List<IncomingEvent> snapshots(PostHogEvent snapshot) {
        JsonNode data = snapshot.properties().get("$snapshot_data");
        List<JsonNode> items = new ArrayList<>();
        if (data != null && data.isArray()) {
            data.forEach(items::add);
        } else if (data != null && data.isObject()) {
            items.add(data);
        }
        List<IncomingEvent> events = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String where = "$snapshot_data[" + i + "] of session " + snapshot.sessionId();
            if (!(items.get(i) instanceof ObjectNode event)) {
                drop("invalid", where, "not a JSON object");
                continue;
            }
            try {
                compressed.decompress(event);
            } catch (UndecodableSnapshotException e) {
                drop("undecodable", where, e.getMessage());
                continue;
            }
            toIncoming(event, snapshot.windowId(), where).ifPresent(events::add);
        }
        return events;
    }

    /** A page view, click or exception that names its session, as an rrweb Custom event. */
    Optional<IncomingEvent> metadata(PostHogEvent e) {
        String kind = kind(e);
        if (kind.equals("other") || kind.equals("snapshot") || e.sessionId() == null) {
            return Optional.empty();
        }
        ObjectNode custom = PostHogBatchReader.JSON.createObjectNode();
        custom.put("type", CUSTOM);
        custom.put("timestamp", e.timestamp() > 0 ? e.timestamp() : clock.millis());
        ObjectNode data = custom.putObject("data");
        data.put("tag", e.name());
        ObjectNode payload = data.putObject("payload");
        for (String p : METADATA_PROPERTIES) {
            JsonNode v = e.properties().get(p);
            if (v != null && !v.isNull()) {
                payload.set(p, v);
            }
        }
        return toIncoming(custom, e.windowId(), e.name() + " of session " + e.sessionId());
    }

    private Optional<IncomingEvent> toIncoming(ObjectNode event, String windowId, String where) {
        byte[] payload;
        try {
            payload = PostHogBatchReader.JSON.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            drop("invalid", where, e.getOriginalMessage());
            return Optional.empty();
        }
        if (payload.length > maxEventBytes) {
            drop("too_large", where, payload.length + " bytes, over the limit of " + maxEventBytes);
            return Optional.empty();
        }
        try {
            IncomingEvent checked = EventJson.readWhole(payload, 0, payload.length, where);
            return Optional.of(new IncomingEvent(windowId, 0, checked.type(), checked.timestamp(), checked.payload()));
        } catch (MalformedEventException e) {
            drop("invalid", where, e.getMessage());
            return Optional.empty();
        }
    }

    private void drop(String reason, String where, String why) {
        metrics.dropped(reason, 1);
        LOG.warnf("posthog: left out %s (%s): %s", where, reason, why);
    }
}
