package dev.replaymesh.redaction.service;

import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.redaction.report.SessionReport;
import java.util.List;
import java.util.Map;

/**
 * What a batch of captured events became.
 *
 * @param events  redacted events in input order (dropped events left out)
 * @param reports what was removed, per session id, in the order sessions first appeared
 * @param ruleSet id of the rule set that produced them
 */
public record RedactedBatch(List<Event> events, Map<String, SessionReport> reports, String ruleSet) {
}
