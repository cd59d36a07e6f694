package dev.replaymesh.format.session;

/**
 * One chunk of a session as its manifest lists it.
 *
 * @param key               object key in the bucket
 * @param firstSeq          sequence number of its first event
 * @param lastSeq           sequence number of its last event; the events are every number between
 * @param firstTimestampMs  smallest client timestamp among its events (ms since the epoch)
 * @param lastTimestampMs   largest client timestamp among its events
 * @param eventCount        events in it ({@code lastSeq - firstSeq + 1})
 * @param rawBytes          bytes of its frames before compression
 * @param storedBytes       bytes of the object
 * @param sha256            SHA-256 of the object, lowercase hex
 * @param compression       how the object is compressed: {@code zstd}
 * @param firstFullSnapshot its first FullSnapshot, or {@code null} if it has none
 * @param dictionary        key of the zstd dictionary it was compressed with, or {@code null} for
 *                          none (since format 1.3)
 */
public record ChunkEntry(String key, long firstSeq, long lastSeq, long firstTimestampMs, long lastTimestampMs,
        int eventCount, long rawBytes, long storedBytes, String sha256, String compression,
        SnapshotRef firstFullSnapshot, String dictionary) {
}
