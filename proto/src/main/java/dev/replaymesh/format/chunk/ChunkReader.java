package dev.replaymesh.format.chunk;

import dev.replaymesh.format.CorruptChunkException;
import dev.replaymesh.format.CountingInputStream;
import dev.replaymesh.format.FormatException;
import dev.replaymesh.format.FrameReader;
import dev.replaymesh.format.VerifiedFrame;
import dev.replaymesh.format.session.ChunkEntry;
import dev.replaymesh.proto.v1.Event;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Streams the events of one stored chunk and checks it against its manifest entry as it goes:
 * every frame's CRC32C, sequence numbers that start at the entry's first and follow each other,
 * and at the end the event count, the object's size and its SHA-256. A reader that reaches the
 * end without an exception has read exactly what the manifest promised. Not thread-safe.
 */
public final class ChunkReader implements AutoCloseable {

    private final String key;
    private final ChunkEntry expected;
    private final CheckedStream stored;
    private final FrameReader frames;
    private long nextSeq;
    private int events;
    private boolean ended;

    ChunkReader(ChunkEntry expected, InputStream raw, ChunkCodec codec, ChunkDictionary dictionary) throws IOException {
        this.key = expected.key();
        this.expected = expected;
        this.stored = new CheckedStream(raw);
        this.frames = codec.frameReader(ChunkCodec.inflate(stored, dictionary));
        this.nextSeq = expected.firstSeq();
    }

    /**
     * The next event, or {@code null} after the last one once the whole chunk has been verified.
     *
     * @throws CorruptChunkException if the chunk is not what its entry describes
     */
    public Event next() throws IOException {
        VerifiedFrame frame = nextFrame();
        return frame == null ? null : frame.event();
    }

    /**
     * The next frame and its event, or {@code null} after the last one once the whole chunk has
     * been verified; failures as for {@link #next()}.
     */
    public VerifiedFrame nextFrame() throws IOException {
        if (ended) {
            return null;
        }
        VerifiedFrame frame;
        try {
            frame = frames.nextFrame();
        } catch (FormatException e) {
            throw new CorruptChunkException(key, e.getMessage(), e);
        } catch (IOException e) {
            // zstd-jni reports a damaged frame as an IOException.
            throw new CorruptChunkException(key, "zstd: " + e.getMessage(), e);
        }
        if (frame == null) {
            finish();
            return null;
        }
        long seq = frame.event().getSeq();
        if (seq != nextSeq) {
            throw new CorruptChunkException(key, "event " + events + " has sequence " + seq
                    + ", expected " + nextSeq);
        }
        if (nextSeq > expected.lastSeq()) {
            throw new CorruptChunkException(key, "holds events past its last sequence " + expected.lastSeq());
        }
        nextSeq++;
        events++;
        return frame;
    }

    private void finish() throws IOException {
        ended = true;
        stored.drain();
        if (events != expected.eventCount() || nextSeq != expected.lastSeq() + 1) {
            throw new CorruptChunkException(key, "holds " + events + " events up to sequence " + (nextSeq - 1)
                    + ", the manifest says " + expected.eventCount() + " up to " + expected.lastSeq());
        }
        if (stored.count() != expected.storedBytes()) {
            throw new CorruptChunkException(key, "is " + stored.count() + " bytes, the manifest says "
                    + expected.storedBytes());
        }
        String sha = Sha256.hex(stored.digest);
        if (!sha.equals(expected.sha256())) {
            throw new CorruptChunkException(key, "SHA-256 " + sha + " differs from the manifest's "
                    + expected.sha256());
        }
    }

    @Override
    public void close() throws IOException {
        frames.close();
    }

    /** Counts and hashes the stored bytes as the decompressor pulls them. */
    private static final class CheckedStream extends CountingInputStream {
        final MessageDigest digest = Sha256.digest();

        CheckedStream(InputStream in) {
            super(in);
        }

        @Override
        protected void onRead(byte[] b, int off, int len) {
            digest.update(b, off, len);
        }

        /** Reads what the decompressor left (its end or trailing bytes), so all of it is hashed. */
        void drain() throws IOException {
            byte[] skip = new byte[8192];
            while (read(skip, 0, skip.length) >= 0) {
                // counted and hashed by read
            }
        }
    }
}
