package dev.replaymesh.storage.grpc;

import dev.replaymesh.format.session.ChunkEntry;
import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.proto.v1.ChunkRef;
import dev.replaymesh.proto.v1.SessionManifest;
import dev.replaymesh.storage.catalog.CatalogEntries;

/** The manifest (JSON in the bucket) as the gRPC message. */
final class ManifestMessages {

    private ManifestMessages() {
    }

    static SessionManifest of(Manifest m) {
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
