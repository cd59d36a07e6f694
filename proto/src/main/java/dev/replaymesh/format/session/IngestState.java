package dev.replaymesh.format.session;

import java.util.Map;

/**
 * How far the storage service has stored the session's Kafka input: the last offset per
 * {@code topic:partition} of its events and of its redaction reports that this manifest
 * includes. After a restart, records at or below these offsets are known to be stored already.
 *
 * @param eventOffsets  last stored offset of {@code replay.redacted.v1} records, per partition
 * @param reportOffsets last included offset of {@code replay.redaction-reports.v1} records
 * @param duplicates    retried events recognised and not stored again
 */
public record IngestState(Map<String, Long> eventOffsets, Map<String, Long> reportOffsets, long duplicates) {

    public static final IngestState EMPTY = new IngestState(Map.of(), Map.of(), 0);
}
