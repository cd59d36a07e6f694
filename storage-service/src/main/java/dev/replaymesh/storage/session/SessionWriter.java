package dev.replaymesh.storage.session;

import dev.replaymesh.format.session.ManifestCodec;
import dev.replaymesh.format.session.ObjectKeys;
import dev.replaymesh.store.objectstore.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes a flush: the chunks first, then the manifest that refers to them, so a manifest never names
 * a chunk that is not there. A crash between the two leaves a chunk no manifest names, which the
 * next flush of the same events overwrites (the key is deterministic) and readers never see.
 */
@ApplicationScoped
public class SessionWriter {

    static final String CHUNK_TYPE = "application/zstd";
    static final String MANIFEST_TYPE = "application/json";

    private final ObjectStore store;
    private final ManifestCodec manifests = new ManifestCodec();

    public SessionWriter(ObjectStore store) {
        this.store = store;
    }

    public void write(FlushPlan plan) {
        for (var chunk : plan.chunks()) {
            store.put(chunk.entry().key(), chunk.stored(), CHUNK_TYPE);
        }
        store.put(ObjectKeys.manifest(plan.key().project(), plan.key().sessionId()), manifests.write(plan.manifest()),
                MANIFEST_TYPE);
    }
}
