package dev.replaymesh.redaction.rules;

import java.util.Set;

/**
 * Whole events that are never stored.
 *
 * @param eventTypes rrweb event types to drop
 * @param plugins    plugin names (e.g. {@code rrweb/network@1}) whose Plugin events are dropped
 */
public record DropRules(Set<Integer> eventTypes, Set<String> plugins) {

    public static final DropRules NONE = new DropRules(Set.of(), Set.of());

    public boolean drops(int type, String plugin) {
        return eventTypes.contains(type) || (plugin != null && plugins.contains(plugin));
    }
}
