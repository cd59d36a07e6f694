package dev.replaymesh.format.session;

/** Where a FullSnapshot stands: a player seeks to the last one at or before the wanted time. */
public record SnapshotRef(long seq, long timestampMs) {
}
