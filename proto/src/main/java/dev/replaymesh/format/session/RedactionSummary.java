package dev.replaymesh.format.session;

import java.util.List;

/**
 * The session's redaction reports added up: one record a person can read.
 *
 * @param ruleSets      every rule set ({@code version@hash}) that redacted some of its events
 * @param eventsSeen    events the redaction service looked at
 * @param eventsChanged events stored with something removed
 * @param eventsDropped events not stored at all
 * @param rules         per rule, what it removed, most events first
 */
public record RedactionSummary(List<String> ruleSets, long eventsSeen, long eventsChanged, long eventsDropped,
        List<RuleTotal> rules) {

    public static final RedactionSummary EMPTY = new RedactionSummary(List.of(), 0, 0, 0, List.of());
}
