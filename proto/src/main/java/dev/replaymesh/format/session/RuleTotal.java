package dev.replaymesh.format.session;

import java.util.List;

/**
 * What one redaction rule removed from a session, summed over the session's reports. Never holds
 * a removed value.
 *
 * @param rule      the rule's id
 * @param action    what it did (block, mask, pattern, fail-closed, ...; see docs/REDACTION.md)
 * @param events    events it changed or dropped
 * @param nodes     DOM nodes it removed or masked
 * @param chars     characters it replaced
 * @param bytes     payload bytes it removed
 * @param paths     up to {@value Manifest#MAX_SAMPLES} element paths where it applied
 * @param positions up to {@value Manifest#MAX_SAMPLES} capture-log positions of events it touched
 */
public record RuleTotal(String rule, String action, long events, long nodes, long chars, long bytes,
        List<String> paths, List<Long> positions) {
}
