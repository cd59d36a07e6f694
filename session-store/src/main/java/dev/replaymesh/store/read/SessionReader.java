package dev.replaymesh.store.read;

import dev.replaymesh.format.CorruptChunkException;
import dev.replaymesh.format.VerifiedFrame;
import dev.replaymesh.format.chunk.ChunkCodec;
import dev.replaymesh.format.chunk.ChunkReader;
import dev.replaymesh.format.session.ChunkEntry;
import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.format.session.ManifestCodec;
import dev.replaymesh.format.session.ObjectKeys;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.store.dictionary.DictionaryStore;
import dev.replaymesh.store.objectstore.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads stored sessions back: the manifest, and the events in sequence order, each chunk
 * verified whole (SHA-256, frame CRCs, sequence range) before any of its events is handed on, so
 * a reader never gets part of a corrupt chunk. One chunk's events are held at a time.
 */
@ApplicationScoped
public class SessionReader {

    private final ObjectStore store;
    private final ManifestCodec manifests = new ManifestCodec();
    private final ChunkCodec chunks = new ChunkCodec();

    private final DictionaryStore dictionaries;

    public SessionReader(ObjectStore store, DictionaryStore dictionaries) {
        this.store = store;
        this.dictionaries = dictionaries;
    }

    /**
     * The session's manifest, or empty if it has none.
     *
     * @throws dev.replaymesh.format.CorruptManifestException if the stored manifest is not valid
     */
    public Optional<Manifest> manifest(String project, String sessionId) {
        String key = ObjectKeys.manifest(project, sessionId);
        return store.get(key).map(bytes -> manifests.read(bytes, key));
    }

    /** Receives events; may stop the stream by throwing. */
    public interface EventSink {
        void accept(Event event) throws IOException;
    }

    /**
     * Hands on the events from {@code fromSeq} on.
     *
     * @throws CorruptChunkException when a chunk is missing or fails verification; the events of
     *     the chunks before it have been handed on
     */
    public void events(Manifest manifest, long fromSeq, EventSink sink) throws IOException {
        events(manifest, fromSeq, 0, sink);
    }

    /**
     * Hands on the events from {@code fromSeq} on whose client time is at most {@code toMs}
     * (0: no bound); chunks that start after {@code toMs} are not read.
     */
    public void events(Manifest manifest, long fromSeq, long toMs, EventSink sink) throws IOException {
        for (ChunkEntry entry : manifest.chunks()) {
            if (entry.lastSeq() < fromSeq) {
                continue;
            }
            if (toMs > 0 && entry.firstTimestampMs() > toMs) {
                return;
            }
            for (Event e : chunk(entry)) {
                if (e.getSeq() >= fromSeq && (toMs <= 0 || e.getClientTimestampMs() <= toMs)) {
                    sink.accept(e);
                }
            }
        }
    }

    /**
     * Every event of one chunk, after the whole chunk has been verified against its entry.
     *
     * @throws CorruptChunkException if the object is missing or not what the entry describes
     */
    public List<Event> chunk(ChunkEntry entry) throws IOException {
        return VerifiedFrame.events(frames(entry));
    }

    /**
     * Every frame of one chunk with its event, after the whole chunk has been verified against its
     * entry: for readers that pass the stored encoding on as it is.
     *
     * @throws CorruptChunkException if the object is missing or not what the entry describes
     */
    public List<VerifiedFrame> frames(ChunkEntry entry) throws IOException {
        List<VerifiedFrame> verified = new ArrayList<>(entry.eventCount());
        try (InputStream in = store.openIfExists(entry.key()).orElseThrow(() -> new CorruptChunkException(
                entry.key(), "is missing from the bucket"));
                ChunkReader reader = chunks.open(in, entry, dictionaries.of(entry))) {
            for (VerifiedFrame f = reader.nextFrame(); f != null; f = reader.nextFrame()) {
                verified.add(f);
            }
        }
        return verified;
    }
}
