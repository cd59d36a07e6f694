package dev.replaymesh.storage.dictionary;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Frames of one project gathered to train its dictionary. No session gives more than its share,
 * so that the dictionary learns what the project's sessions have in common. Not thread-safe.
 */
final class SampleSet {

    private final long capacity;
    private final long share;
    private final int minSessions;
    private final List<byte[]> frames = new ArrayList<>();
    private final Map<String, Long> bySession = new HashMap<>();
    private long bytes;
    private long lastAddedMs;

    SampleSet(long capacity, int minSessions, long nowMs) {
        this.capacity = capacity;
        this.minSessions = minSessions;
        this.share = capacity / minSessions;
        this.lastAddedMs = nowMs;
    }

    /** Whether {@code session} may still give a frame of {@code length} bytes. */
    boolean wants(String session, int length) {
        return bytes + length <= capacity && bySession.getOrDefault(session, 0L) + length <= share;
    }

    void add(String session, byte[] frame, long nowMs) {
        frames.add(frame);
        bytes += frame.length;
        bySession.merge(session, (long) frame.length, Long::sum);
        lastAddedMs = nowMs;
    }

    /** Enough frames from enough sessions to train on. */
    boolean ready() {
        return bySession.size() >= minSessions && bytes >= capacity * 9 / 10;
    }

    List<byte[]> frames() {
        return frames;
    }

    long bytes() {
        return bytes;
    }

    int sessions() {
        return bySession.size();
    }

    long lastAddedMs() {
        return lastAddedMs;
    }
}
