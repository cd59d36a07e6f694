package dev.replaymesh.playback.export;

import dev.replaymesh.format.posthog.PostHogExportWriter;
import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.playback.stream.PlaybackCursor;
import dev.replaymesh.playback.stream.SessionPlayback;
import dev.replaymesh.proto.v1.Event;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Writes a stored session as PostHog's export JSON ({@link PostHogExportWriter}), in timestamp
 * order. Events are stored in arrival order, which differs from timestamp order only where windows
 * interleave or clocks step back; a first pass over the timestamps finds how far any event must
 * move back, and the second pass sorts through a buffer of just that many events.
 */
@ApplicationScoped
public class PostHogExporter {

    private final SessionPlayback playback;

    public PostHogExporter(SessionPlayback playback) {
        this.playback = playback;
    }

    /** Writes the JSON of a session whose manifest the caller has read; it must have events. */
    public void write(Manifest manifest, OutputStream out) throws IOException {
        int lookBack = lookBack(timestamps(manifest));
        PriorityQueue<Event> pending = new PriorityQueue<>(Comparator.comparingLong(Event::getClientTimestampMs)
                .thenComparingLong(Event::getSeq));
        PostHogExportWriter json = new PostHogExportWriter(out, manifest.sessionId(), manifest.distinctId());
        PlaybackCursor cursor = playback.open(manifest, 0, 0);
        for (List<Event> batch = cursor.next(); batch != null; batch = cursor.next()) {
            for (Event e : batch) {
                pending.add(e);
                if (pending.size() > lookBack) {
                    write(json, pending.poll());
                }
            }
        }
        while (!pending.isEmpty()) {
            write(json, pending.poll());
        }
        json.finish();
    }

    private static void write(PostHogExportWriter json, Event e) throws IOException {
        json.write(e.getWindowId(), e.getPayload().toByteArray());
    }

    private long[] timestamps(Manifest manifest) {
        long[] ts = new long[(int) manifest.eventCount()];
        int n = 0;
        PlaybackCursor cursor = playback.open(manifest, 0, 0);
        for (List<Event> batch = cursor.next(); batch != null; batch = cursor.next()) {
            for (Event e : batch) {
                ts[n++] = e.getClientTimestampMs();
            }
        }
        return Arrays.copyOf(ts, n);
    }

    /**
     * The most places any event sits after where timestamp order (ties in stored order) puts it:
     * a buffer of that many events, emitting its smallest, outputs the events sorted.
     */
    static int lookBack(long[] ts) {
        Integer[] order = new Integer[ts.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingLong(i -> ts[i]).thenComparingInt(i -> i));
        int most = 0;
        for (int sorted = 0; sorted < order.length; sorted++) {
            most = Math.max(most, order[sorted] - sorted);
        }
        return most;
    }
}
