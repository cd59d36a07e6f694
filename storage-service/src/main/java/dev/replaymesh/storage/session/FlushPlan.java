package dev.replaymesh.storage.session;

import dev.replaymesh.format.chunk.Chunk;
import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.store.SessionKey;
import java.util.List;

/** The objects one flush of a session writes: its new chunks (none if only reports changed), then the manifest. */
public record FlushPlan(SessionKey key, List<Chunk> chunks, Manifest manifest) {
}
