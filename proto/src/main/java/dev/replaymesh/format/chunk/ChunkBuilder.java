package dev.replaymesh.format.chunk;

import dev.replaymesh.contract.EventTypes;
import dev.replaymesh.format.FrameCodec;
import dev.replaymesh.format.session.ChunkEntry;
import dev.replaymesh.format.session.SnapshotRef;
import dev.replaymesh.proto.v1.Event;
import java.util.Arrays;

/**
 * Gathers the frames of one session's next chunk, in sequence order, and what its manifest entry
 * says about them. Holds only the encoded frames, never the parsed events. Not thread-safe.
 */
public final class ChunkBuilder {

    private static final int INITIAL_CAPACITY = 8 * 1024;

    private final FrameCodec frames;
    private byte[] buffer = new byte[0];
    private int length;
    private long firstSeq;
    private long lastSeq;
    private long firstTimestampMs;
    private long lastTimestampMs;
    private long firstReceivedMs;
    private int eventCount;
    private SnapshotRef firstFullSnapshot;

    public ChunkBuilder(FrameCodec frames) {
        this.frames = frames;
    }

    /**
     * Appends an event whose {@code seq} is set and follows the previous one.
     *
     * @return the bytes its frame added
     */
    public int add(Event event) {
        long seq = event.getSeq();
        if (seq <= 0) {
            throw new IllegalArgumentException("event without a sequence number");
        }
        if (eventCount > 0 && seq != lastSeq + 1) {
            throw new IllegalArgumentException("sequence " + seq + " does not follow " + lastSeq);
        }
        ensureCapacity(length + frames.frameLength(event));
        int frameLength = frames.encode(event, buffer, length);
        length += frameLength;
        long ts = event.getClientTimestampMs();
        if (eventCount == 0) {
            firstSeq = seq;
            firstTimestampMs = ts;
            lastTimestampMs = ts;
            firstReceivedMs = event.getServerReceivedMs();
        } else {
            firstTimestampMs = Math.min(firstTimestampMs, ts);
            lastTimestampMs = Math.max(lastTimestampMs, ts);
        }
        if (firstFullSnapshot == null && event.getEventType() == EventTypes.FULL_SNAPSHOT) {
            firstFullSnapshot = new SnapshotRef(seq, ts);
        }
        lastSeq = seq;
        eventCount++;
        return frameLength;
    }

    public boolean isEmpty() {
        return eventCount == 0;
    }

    public int eventCount() {
        return eventCount;
    }

    /** Bytes of frames gathered so far. */
    public int rawBytes() {
        return length;
    }

    public long firstSeq() {
        return firstSeq;
    }

    public long lastSeq() {
        return lastSeq;
    }

    /** When capture received the chunk's first event; names the day in its object key. */
    public long firstReceivedMs() {
        return firstReceivedMs;
    }

    /** Compresses what was gathered into a chunk stored under {@code key}; the builder keeps it. */
    public Chunk build(ChunkCodec codec, String key) {
        return build(codec, key, null);
    }

    /**
     * Compresses what was gathered with {@code dictionary} (or none, if null) into a chunk stored
     * under {@code key}; the builder keeps it.
     */
    public Chunk build(ChunkCodec codec, String key, ChunkDictionary dictionary) {
        if (eventCount == 0) {
            throw new IllegalStateException("no events to build a chunk of");
        }
        byte[] stored = codec.compress(buffer, length, dictionary);
        ChunkEntry entry = new ChunkEntry(key, firstSeq, lastSeq, firstTimestampMs, lastTimestampMs, eventCount,
                length, stored.length, Sha256.hex(stored), ChunkCodec.ZSTD, firstFullSnapshot,
                dictionary == null ? null : dictionary.key());
        return new Chunk(stored, entry);
    }

    /** Forgets everything and gives the buffer's memory back. */
    public void clear() {
        buffer = new byte[0];
        length = 0;
        eventCount = 0;
        firstFullSnapshot = null;
    }

    private void ensureCapacity(int needed) {
        if (needed > buffer.length) {
            int grown = Math.max(INITIAL_CAPACITY, buffer.length + (buffer.length >> 1));
            buffer = Arrays.copyOf(buffer, Math.max(grown, needed));
        }
    }
}
