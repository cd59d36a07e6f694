package dev.replaymesh.storage.session;

import dev.replaymesh.format.chunk.Chunk;
import dev.replaymesh.format.session.Manifest;

/** The objects one flush of a session writes: a chunk (or none, if only reports changed), then the manifest. */
public record FlushPlan(SessionKey key, Chunk chunk, Manifest manifest) {
}
