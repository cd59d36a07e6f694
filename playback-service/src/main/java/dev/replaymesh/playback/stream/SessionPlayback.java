package dev.replaymesh.playback.stream;

import dev.replaymesh.contract.EventTypes;
import dev.replaymesh.contract.SessionIds;
import dev.replaymesh.format.FormatException;
import dev.replaymesh.format.VerifiedFrame;
import dev.replaymesh.format.session.ChunkEntry;
import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.store.objectstore.ObjectStoreException;
import dev.replaymesh.store.read.SessionReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Plays stored sessions: finds a session's manifest, and opens a {@link PlaybackCursor} at the
 * right place. Seeking to a time starts at the last FullSnapshot at or before it (with the Meta
 * event rrweb records just before every FullSnapshot), so that a player can draw the page from
 * the first event it gets. Blocking: call it from a worker thread.
 */
@ApplicationScoped
public class SessionPlayback {

    private final SessionReader reader;

    public SessionPlayback(SessionReader reader) {
        this.reader = reader;
    }

    /**
     * The session's manifest.
     *
     * @throws PlaybackException INVALID_ARGUMENT for a malformed id, NOT_FOUND, DATA_LOSS for a corrupt
     *     manifest, UNAVAILABLE if the bucket does not answer
     */
    public Manifest manifest(String project, String sessionId) {
        if (!SessionIds.isValid(sessionId)) {
            throw new PlaybackException(Problem.INVALID_ARGUMENT, "session ids match [A-Za-z0-9_-]{1,128}");
        }
        try {
            return reader.manifest(project, sessionId).orElseThrow(() -> new PlaybackException(Problem.NOT_FOUND,
                    "no session " + sessionId + " in project " + project));
        } catch (FormatException e) {
            throw new PlaybackException(Problem.DATA_LOSS, e.getMessage(), e);
        } catch (ObjectStoreException e) {
            throw new PlaybackException(Problem.UNAVAILABLE, e.getMessage(), e);
        }
    }

    /**
     * A cursor over the session's events from the last FullSnapshot at or before {@code fromMs}
     * (0, or a time before any snapshot: from the first event) to the last event at or before
     * {@code toMs} (0: to the end). Reads the chunk it starts in when seeking.
     *
     * @throws PlaybackException INVALID_ARGUMENT if {@code toMs} is before {@code fromMs}, DATA_LOSS or
     *     UNAVAILABLE from reading the start chunk
     */
    public PlaybackCursor open(Manifest manifest, long fromMs, long toMs) {
        if (fromMs < 0 || toMs < 0 || toMs > 0 && toMs < fromMs) {
            throw new PlaybackException(Problem.INVALID_ARGUMENT, "want 0 <= from <= to (0 = open), got from "
                    + fromMs + " to " + toMs);
        }
        List<ChunkEntry> chunks = manifest.chunks();
        int snapshotChunk = fromMs <= 0 ? -1 : lastChunkWithSnapshotBy(chunks, fromMs);
        if (snapshotChunk < 0) {
            return new PlaybackCursor(reader, manifest, 0, 1, toMs, null);
        }
        ChunkEntry entry = chunks.get(snapshotChunk);
        List<VerifiedFrame> frames = PlaybackCursor.read(reader, manifest, entry);
        int at = lastSnapshotBy(frames, fromMs);
        if (at > 0 && frames.get(at - 1).event().getEventType() == EventTypes.META) {
            at--;
        } else if (at == 0 && snapshotChunk > 0 && lastIsMeta(manifest, chunks.get(snapshotChunk - 1))) {
            ChunkEntry previous = chunks.get(snapshotChunk - 1);
            return new PlaybackCursor(reader, manifest, snapshotChunk - 1, previous.lastSeq(), toMs, null);
        }
        return new PlaybackCursor(reader, manifest, snapshotChunk, frames.get(at).event().getSeq(), toMs, frames);
    }

    /** The last chunk whose first FullSnapshot is at or before {@code fromMs}, or -1. */
    private static int lastChunkWithSnapshotBy(List<ChunkEntry> chunks, long fromMs) {
        int found = -1;
        for (int i = 0; i < chunks.size() && chunks.get(i).firstTimestampMs() <= fromMs; i++) {
            ChunkEntry c = chunks.get(i);
            if (c.firstFullSnapshot() != null && c.firstFullSnapshot().timestampMs() <= fromMs) {
                found = i;
            }
        }
        return found;
    }

    /** Index of the last FullSnapshot at or before {@code fromMs}; the manifest promises there is one. */
    private static int lastSnapshotBy(List<VerifiedFrame> frames, long fromMs) {
        int found = -1;
        for (int i = 0; i < frames.size(); i++) {
            Event e = frames.get(i).event();
            if (e.getEventType() == EventTypes.FULL_SNAPSHOT && e.getClientTimestampMs() <= fromMs) {
                found = i;
            }
        }
        if (found < 0) {
            throw new PlaybackException(Problem.DATA_LOSS, "the manifest promises a FullSnapshot by " + fromMs
                    + " that its chunk does not hold");
        }
        return found;
    }

    private boolean lastIsMeta(Manifest manifest, ChunkEntry entry) {
        List<VerifiedFrame> frames = PlaybackCursor.read(reader, manifest, entry);
        return frames.get(frames.size() - 1).event().getEventType() == EventTypes.META;
    }
}
