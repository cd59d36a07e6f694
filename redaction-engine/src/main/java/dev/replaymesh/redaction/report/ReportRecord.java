package dev.replaymesh.redaction.report;

import java.util.List;

/**
 * One record on {@code replay.redaction-reports.v1}: what one rule set removed from one session's
 * events in one batch. Storage adds a session's records up into its summary; each record is
 * readable on its own. It never holds a removed value.
 *
 * @param v           format major version
 * @param project     project of the session
 * @param sessionId   the session (also the Kafka key)
 * @param ruleSet     {@code version@hash} of the rules applied
 * @param firstOffset capture-log position of the first event this record covers
 * @param lastOffset  capture-log position of the last event it covers
 * @param seen        events looked at
 * @param changed     events passed on with something removed
 * @param dropped     events not passed on at all
 * @param removed     per rule: what it removed and where
 */
public record ReportRecord(int v, String project, String sessionId, String ruleSet, long firstOffset, long lastOffset,
        long seen, long changed, long dropped, List<RuleCount> removed) {

    public static final int VERSION = 1;
}
