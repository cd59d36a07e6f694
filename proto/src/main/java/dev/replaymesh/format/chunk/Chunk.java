package dev.replaymesh.format.chunk;

import dev.replaymesh.format.session.ChunkEntry;

/** A chunk ready to store: the object's bytes and the manifest entry that describes them. */
public record Chunk(byte[] stored, ChunkEntry entry) {
}
