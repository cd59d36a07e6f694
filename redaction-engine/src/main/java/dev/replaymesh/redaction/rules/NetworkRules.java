package dev.replaymesh.redaction.rules;

import java.util.Set;

/**
 * Rules for recorded network requests ({@code rrweb/network@1} plugin events).
 *
 * @param headers    header names (lower case) whose values are removed
 * @param bodyFields JSON field names (lower case) whose values are masked in request and response bodies
 * @param dropBodies remove request and response bodies altogether
 */
public record NetworkRules(Set<String> headers, Set<String> bodyFields, boolean dropBodies) {
}
