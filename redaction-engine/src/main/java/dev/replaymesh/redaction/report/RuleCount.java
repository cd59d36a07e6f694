package dev.replaymesh.redaction.report;

import java.util.List;

/**
 * One line of a removal report.
 *
 * @param rule      the rule's id (selector rule, pattern, {@code url-param:<name>}, {@code fail-closed:...})
 * @param action    what was done: block, mask, mask-input, ignore-input, pattern, url-param,
 *                  header, body-field, drop, fail-closed
 * @param events    events it changed or dropped
 * @param nodes     DOM nodes it removed or masked
 * @param chars     characters it replaced
 * @param bytes     payload bytes it removed (blocked subtrees, dropped events and fields)
 * @param paths     up to 20 element paths where it applied (tag#id.class, four levels)
 * @param positions up to 20 positions of affected events in the session's capture log
 */
public record RuleCount(String rule, String action, long events, long nodes, long chars, long bytes,
        List<String> paths, List<Long> positions) {
}
