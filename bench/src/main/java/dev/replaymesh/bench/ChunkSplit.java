package dev.replaymesh.bench;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * How a session's frames are cut into chunks, the way storage-service seals its open chunk: once the
 * frames in it reach {@code chunk.max-bytes} (the frame that crosses the limit is still in it), or
 * before an event arrives once the chunk's oldest event was received {@code chunk.max-age} ago.
 *
 * @param maxBytes seal at this many bytes of frames; {@link Long#MAX_VALUE} for never
 * @param maxAgeMs seal when the first event was received this long ago; {@link Long#MAX_VALUE} for never
 */
record ChunkSplit(String label, long maxBytes, long maxAgeMs) {

    static ChunkSplit wholeSession() {
        return new ChunkSplit("whole session", Long.MAX_VALUE, Long.MAX_VALUE);
    }

    static ChunkSplit bytes(String label, long maxBytes) {
        return new ChunkSplit(label, maxBytes, Long.MAX_VALUE);
    }

    static ChunkSplit age(String label, long maxAgeMs, long maxBytes) {
        return new ChunkSplit(label, maxBytes, maxAgeMs);
    }

    /** The content of each chunk: its frames back to back. */
    List<byte[]> split(RecordedSession session) {
        List<byte[]> chunks = new ArrayList<>();
        ByteArrayOutputStream open = new ByteArrayOutputStream();
        long openedAt = 0;
        List<byte[]> frames = session.frames();
        for (int i = 0; i < frames.size(); i++) {
            long received = session.receivedMs()[i];
            if (open.size() > 0 && received - openedAt >= maxAgeMs) {
                chunks.add(open.toByteArray());
                open.reset();
            }
            if (open.size() == 0) {
                openedAt = received;
            }
            open.writeBytes(frames.get(i));
            if (open.size() >= maxBytes) {
                chunks.add(open.toByteArray());
                open.reset();
            }
        }
        if (open.size() > 0) {
            chunks.add(open.toByteArray());
        }
        return chunks;
    }
}
