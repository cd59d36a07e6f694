package dev.replaymesh.contract;

import java.util.List;

/** Kafka topics of the pipeline. Every record is keyed by session id. */
public final class Topics {

    /** Events as captured, one frame per record. */
    public static final String CAPTURE = "replay.capture.v1";
    /** Events after redaction, one frame per record; what storage consumes. */
    public static final String REDACTED = "replay.redacted.v1";
    /** What redaction changed or refused. */
    public static final String REDACTION_REPORTS = "replay.redaction-reports.v1";
    /** The session catalog (SessionSummary). */
    public static final String SESSIONS = "replay.sessions.v1";

    /**
     * Deletion requests (storage-service to itself): the replica that stores a session reads them
     * in order with the session's events, so nothing it still holds brings the session back.
     */
    public static final String DELETIONS = "replay.deletions.v1";

    public static final List<String> ALL = List.of(CAPTURE, REDACTED, REDACTION_REPORTS, SESSIONS, DELETIONS);

    private Topics() {
    }
}
