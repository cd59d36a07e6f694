package dev.replaymesh.storage.session;

import dev.replaymesh.format.FormatException;
import dev.replaymesh.format.session.ChunkEntry;
import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.store.SessionKey;
import dev.replaymesh.store.objectstore.ObjectStoreException;
import dev.replaymesh.store.read.SessionReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Reads what the bucket already holds of a session this replica has not seen yet (after a
 * restart, a rebalance or a long pause): its manifest, and the events of its last chunk so that
 * retries of them are still recognised.
 */
@ApplicationScoped
public class SessionLoader {

    private static final Logger LOG = Logger.getLogger(SessionLoader.class);

    private final SessionReader reader;

    public SessionLoader(SessionReader reader) {
        this.reader = reader;
    }

    /**
     * The stored part of a session; null manifest if the bucket has none. A manifest that cannot
     * be read throws, so that ingest of this session stops rather than overwrite it.
     */
    public Loaded load(SessionKey key) {
        return reader.manifest(key.project(), key.sessionId())
                .map(manifest -> new Loaded(manifest, lastChunkEvents(manifest)))
                .orElseGet(() -> new Loaded(null, List.of()));
    }

    private List<Event> lastChunkEvents(Manifest manifest) {
        if (manifest.chunks().isEmpty()) {
            return List.of();
        }
        ChunkEntry last = manifest.chunks().get(manifest.chunks().size() - 1);
        try {
            return reader.chunk(last);
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
