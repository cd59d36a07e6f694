package dev.replaymesh.format.session;

import java.util.List;

/**
 * The index of one stored session ({@code manifest.json}, docs/FORMAT.md): its chunks in
 * sequence order with their checksums, what happened in it, and what redaction removed from it.
 *
 * @param formatVersion    {@code major.minor} of the format it is written in
 * @param project          project of the session
 * @param sessionId        the session
 * @param distinctId       user id the recorder attached, or {@code null}
 * @param startMs          smallest client timestamp of its events (ms since the epoch)
 * @param endMs            largest client timestamp of its events
 * @param lastReceivedMs   when capture received its latest event (server clock); retention counts from it
 * @param lastSeq          sequence number of its last stored event; its events are 1..lastSeq
 * @param rawBytes         bytes of all frames before compression
 * @param storedBytes      bytes of all chunk objects
 * @param ended            the session ended (inactivity or an end event); more events reopen it
 * @param updatedMs        when the storage service wrote this manifest
 * @param chunks           its chunks, consecutive: the first starts at 1, each starts after the last
 * @param activity         what the user did
 * @param redaction        what redaction removed
 * @param ingest           how far its Kafka input is stored
 */
public record Manifest(String formatVersion, String project, String sessionId, String distinctId, long startMs,
        long endMs, long lastReceivedMs, long lastSeq, long rawBytes, long storedBytes, boolean ended, long updatedMs,
        List<ChunkEntry> chunks, Activity activity, RedactionSummary redaction, IngestState ingest) {

    /** Most element paths and positions a rule total keeps. */
    public static final int MAX_SAMPLES = 20;

    /** Events stored (equal to {@link #lastSeq()}). */
    public long eventCount() {
        return lastSeq;
    }

    public long durationMs() {
        return chunks.isEmpty() ? 0 : Math.max(0, endMs - startMs);
    }
}
