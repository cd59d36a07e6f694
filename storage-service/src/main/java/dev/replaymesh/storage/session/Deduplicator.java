package dev.replaymesh.storage.session;

import dev.replaymesh.proto.v1.Event;
import java.nio.charset.StandardCharsets;

/**
 * Recognises events a client sent twice (a retried request or stream batch): the same window and
 * client sequence number, or, for events the client did not number, the same window, type,
 * timestamp and payload (by its CRC32C and length). Remembers the last {@code window} events of
 * one session as 64-bit fingerprints.
 */
final class Deduplicator {

    private final FingerprintWindow seen;

    Deduplicator(int window) {
        this.seen = new FingerprintWindow(window);
    }

    /** True if the event is new (and is now remembered), false if it is a duplicate. */
    boolean firstTime(Event event) {
        return seen.add(fingerprint(event));
    }

    static long fingerprint(Event e) {
        long h = mix(hash(e.getWindowId()));
        if (e.getClientSeq() > 0) {
            return mix(h ^ mix(e.getClientSeq())) | Long.MIN_VALUE;
        }
        h = mix(h ^ e.getEventType());
        h = mix(h ^ e.getClientTimestampMs());
        h = mix(h ^ (((long) e.getPayloadCrc32C() << 32) | e.getPayload().size()));
        return h & Long.MAX_VALUE;
    }

    private static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ b) * 0x100000001b3L;
        }
        return h;
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
