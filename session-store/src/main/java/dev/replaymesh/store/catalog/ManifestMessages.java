package dev.replaymesh.store.catalog;

import dev.replaymesh.format.session.ChunkEntry;
import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.proto.v1.ChunkRef;
import dev.replaymesh.proto.v1.SessionManifest;

/** The manifest (JSON in the bucket) as the gRPC message. */
public final class ManifestMessages {

    private ManifestMessages() {
    }

    public static SessionManifest of(Manifest m) {
        SessionManifest.Builder b = SessionManifest.newBuilder()
                .setFormatVersion(m.formatVersion())
                .setSession(CatalogEntries.of(m));
        for (ChunkEntry c : m.chunks()) {
            b.addChunks(ChunkRef.newBuilder()
                    .setKey(c.key())
                    .setFirstSeq(c.firstSeq())
                    .setLastSeq(c.lastSeq())
                    .setFirstTimestampMs(c.firstTimestampMs())
                    .setLastTimestampMs(c.lastTimestampMs())
                    .setEventCount(c.eventCount())
                    .setRawBytes(c.rawBytes())
                    .setStoredBytes(c.storedBytes())
                    .setSha256(c.sha256())
                    .setFirstFullSnapshotSeq(c.firstFullSnapshot() == null ? 0 : c.firstFullSnapshot().seq()));
        }
        return b.build();
    }
}
