package dev.replaymesh.playback.stream;

import dev.replaymesh.format.FormatException;
import dev.replaymesh.format.VerifiedFrame;
import dev.replaymesh.format.session.ChunkEntry;
import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.store.objectstore.ObjectStoreException;
import dev.replaymesh.store.read.SessionReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks a session's chunks in sequence order from a start sequence, one verified chunk at a time:
 * {@link #next()} reads the next chunk whole, checks it against the manifest (SHA-256, every
 * frame's CRC32C, the sequence range) and only then hands on its events. Memory is bounded by one
 * chunk whatever the session's length. Not thread-safe.
 */
public final class PlaybackCursor {

    private final SessionReader reader;
    private final Manifest manifest;
    private final long toMs;
    private long nextSeq;
    private int chunk;
    private List<VerifiedFrame> prefetched;

    PlaybackCursor(SessionReader reader, Manifest manifest, int chunk, long startSeq, long toMs, List<VerifiedFrame> prefetched) {
        this.reader = reader;
        this.manifest = manifest;
        this.chunk = chunk;
        this.nextSeq = startSeq;
        this.toMs = toMs;
        this.prefetched = prefetched;
    }

    public Manifest manifest() {
        return manifest;
    }

    /**
     * The events of the next chunk that has any in range, in sequence order, or {@code null} at the end.
     *
     * @throws PlaybackException DATA_LOSS naming the chunk and its sequence range if it is missing or
     *     fails verification, UNAVAILABLE if the bucket does not answer
     */
    public List<Event> next() {
        List<VerifiedFrame> frames = nextFrames();
        return frames == null ? null : VerifiedFrame.events(frames);
    }

    /** The same as {@link #next()} with each event's stored frame body. */
    public List<VerifiedFrame> nextFrames() {
        while (chunk < manifest.chunks().size()) {
            ChunkEntry entry = manifest.chunks().get(chunk++);
            if (entry.lastSeq() < nextSeq) {
                continue;
            }
            if (toMs > 0 && entry.firstTimestampMs() > toMs) {
                break;
            }
            List<VerifiedFrame> frames = prefetched != null ? prefetched : read(reader, manifest, entry);
            prefetched = null;
            List<VerifiedFrame> wanted = new ArrayList<>(frames.size());
            for (VerifiedFrame f : frames) {
                Event e = f.event();
                if (e.getSeq() >= nextSeq && (toMs <= 0 || e.getClientTimestampMs() <= toMs)) {
                    wanted.add(f);
                }
            }
            nextSeq = entry.lastSeq() + 1;
            if (!wanted.isEmpty()) {
                return wanted;
            }
        }
        chunk = manifest.chunks().size();
        return null;
    }

    /** One chunk's frames, verified; failures as the {@link PlaybackException} a reader reports. */
    static List<VerifiedFrame> read(SessionReader reader, Manifest manifest, ChunkEntry entry) {
        try {
            return reader.frames(entry);
        } catch (FormatException e) {
            throw new PlaybackException(Problem.DATA_LOSS, e.getMessage() + " (events " + entry.firstSeq() + ".."
                    + entry.lastSeq() + " of session " + manifest.sessionId() + " lost to this read)", e);
        } catch (ObjectStoreException e) {
            throw new PlaybackException(Problem.UNAVAILABLE, e.getMessage(), e);
        } catch (IOException e) {
            throw new PlaybackException(Problem.UNAVAILABLE, "reading chunk " + entry.key() + ": " + e.getMessage(),
                    new UncheckedIOException(e));
        }
    }
}
