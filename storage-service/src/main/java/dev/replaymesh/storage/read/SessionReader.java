package dev.replaymesh.storage.read;

import dev.replaymesh.format.chunk.ChunkCodec;
import dev.replaymesh.format.chunk.ChunkReader;
import dev.replaymesh.format.session.ChunkEntry;
import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.format.session.ManifestCodec;
import dev.replaymesh.format.session.ObjectKeys;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.storage.dictionary.DictionaryStore;
import dev.replaymesh.storage.objectstore.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads stored sessions back: the manifest, and the events in sequence order, each chunk
 * verified whole (SHA-256, frame CRCs, sequence range) before any of its events is handed on, so
 * a reader never gets part of a corrupt chunk.
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
     * @throws dev.replaymesh.format.CorruptChunkException when a chunk fails verification; the
     *     events of the chunks before it have been handed on
     */
    public void events(Manifest manifest, long fromSeq, EventSink sink) throws IOException {
        for (ChunkEntry entry : manifest.chunks()) {
            if (entry.lastSeq() < fromSeq) {
                continue;
            }
            List<Event> verified = new ArrayList<>(entry.eventCount());
            try (InputStream in = store.open(entry.key()); ChunkReader reader = chunks.open(in, entry, dictionaries.of(entry))) {
                for (Event e = reader.next(); e != null; e = reader.next()) {
                    if (e.getSeq() >= fromSeq) {
                        verified.add(e);
                    }
                }
            }
            for (Event e : verified) {
                sink.accept(e);
            }
        }
    }
}
