package dev.replaymesh.storage.session;

import dev.replaymesh.format.FormatException;
import dev.replaymesh.format.chunk.ChunkCodec;
import dev.replaymesh.format.chunk.ChunkReader;
import dev.replaymesh.format.session.ChunkEntry;
import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.format.session.ManifestCodec;
import dev.replaymesh.format.session.ObjectKeys;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.storage.dictionary.DictionaryStore;
import dev.replaymesh.storage.objectstore.ObjectStore;
import dev.replaymesh.storage.objectstore.ObjectStoreException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Reads what the bucket already holds of a session this replica has not seen yet (after a
 * restart, a rebalance or a long pause): its manifest, and the events of its last chunk so that
 * retries of them are still recognised.
 */
@ApplicationScoped
public class SessionLoader {

    private static final Logger LOG = Logger.getLogger(SessionLoader.class);

    private final ObjectStore store;
    private final ManifestCodec manifests = new ManifestCodec();
    private final ChunkCodec chunks = new ChunkCodec();

    private final DictionaryStore dictionaries;

    public SessionLoader(ObjectStore store, DictionaryStore dictionaries) {
        this.store = store;
        this.dictionaries = dictionaries;
    }

    /** The stored part of a session; empty manifest if the bucket has none. */
    public Loaded load(SessionKey key) {
        String manifestKey = ObjectKeys.manifest(key.project(), key.sessionId());
        Optional<byte[]> data = store.get(manifestKey);
        if (data.isEmpty()) {
            return new Loaded(null, List.of());
        }
        // A manifest that cannot be read must stop ingest of this session rather than be overwritten.
        Manifest manifest = manifests.read(data.get(), manifestKey);
        return new Loaded(manifest, lastChunkEvents(manifest));
    }

    private List<Event> lastChunkEvents(Manifest manifest) {
        if (manifest.chunks().isEmpty()) {
            return List.of();
        }
        ChunkEntry last = manifest.chunks().get(manifest.chunks().size() - 1);
        List<Event> events = new ArrayList<>(last.eventCount());
        try (InputStream in = store.open(last.key()); ChunkReader reader = chunks.open(in, last, dictionaries.of(last))) {
            for (Event e = reader.next(); e != null; e = reader.next()) {
                events.add(e);
            }
            return events;
        } catch (FormatException e) {
            LOG.warnf("last chunk of %s/%s unreadable, retries of its events will not be recognised: %s",
                    manifest.project(), manifest.sessionId(), e.getMessage());
            return List.of();
        } catch (IOException e) {
            throw new ObjectStoreException("reading " + last.key() + " failed: " + e, e);
        }
    }

    /** A session's manifest ({@code null} if new) and the events of its last chunk. */
    public record Loaded(Manifest manifest, List<Event> recent) {
    }
}
