package dev.replaymesh.storage.session;

import dev.replaymesh.format.FormatVersion;
import dev.replaymesh.format.chunk.Chunk;
import dev.replaymesh.format.chunk.ChunkBuilder;
import dev.replaymesh.format.chunk.ChunkCodec;
import dev.replaymesh.format.chunk.ChunkDictionary;
import dev.replaymesh.format.session.Activity;
import dev.replaymesh.format.session.ChunkEntry;
import dev.replaymesh.format.session.IngestState;
import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.format.session.ObjectKeys;
import dev.replaymesh.format.session.RedactionSummary;
import dev.replaymesh.store.SessionKey;
import java.util.ArrayList;
import java.util.List;

/**
 * What one write of a session takes, as it was when the write began ({@link SessionState#beginWrite}):
 * the chunks to compress, after the session's stored manifest, and the manifest's other fields.
 * Nothing in it changes afterwards, so a writer thread turns it into objects while the ingest
 * thread goes on with the session.
 */
public record PendingWrite(SessionKey key, Manifest stored, List<ChunkBuilder> chunks, String distinctId,
        long startMs, long endMs, long lastReceivedMs, long lastSeq, boolean ended, Activity activity,
        RedactionSummary redaction, IngestState ingest) {

    /** The chunk objects, compressed with {@code dictionary} (null: none), and the manifest naming them. */
    public FlushPlan plan(ChunkCodec codec, ChunkDictionary dictionary, long nowMs) {
        List<ChunkEntry> entries = new ArrayList<>(stored == null ? List.of() : stored.chunks());
        List<Chunk> written = new ArrayList<>();
        long raw = stored == null ? 0 : stored.rawBytes();
        long storedBytes = stored == null ? 0 : stored.storedBytes();
        for (ChunkBuilder b : chunks) {
            String chunkKey = ObjectKeys.chunk(key.project(), key.sessionId(), b.firstReceivedMs(), b.firstSeq(),
                    b.lastSeq());
            Chunk chunk = b.build(codec, chunkKey, dictionary);
            written.add(chunk);
            entries.add(chunk.entry());
            raw += chunk.entry().rawBytes();
            storedBytes += chunk.entry().storedBytes();
        }
        Manifest manifest = new Manifest(FormatVersion.CURRENT.toString(), key.project(), key.sessionId(), distinctId,
                startMs, endMs, lastReceivedMs, lastSeq, raw, storedBytes, ended, nowMs, List.copyOf(entries),
                activity, redaction, ingest);
        return new FlushPlan(key, List.copyOf(written), manifest);
    }
}
