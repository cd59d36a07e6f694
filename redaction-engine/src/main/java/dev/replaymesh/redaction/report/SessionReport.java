package dev.replaymesh.redaction.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects what the rules removed from one session's events, rule by rule. */
public final class SessionReport {

    private final Map<String, RuleTally> tallies = new LinkedHashMap<>();
    private long eventsSeen;
    private long eventsChanged;
    private long eventsDropped;

    public void hit(String rule, String action, long position, String path, long nodes, long chars, long bytes) {
        tallies.computeIfAbsent(rule + '\u0000' + action, k -> new RuleTally(rule, action))
                .add(position, path, nodes, chars, bytes);
    }

    public void seen(boolean changed, boolean dropped) {
        eventsSeen++;
        if (dropped) {
            eventsDropped++;
        } else if (changed) {
            eventsChanged++;
        }
    }

    public boolean isEmpty() {
        return eventsSeen == 0;
    }

    public long eventsSeen() {
        return eventsSeen;
    }

    public long eventsChanged() {
        return eventsChanged;
    }

    public long eventsDropped() {
        return eventsDropped;
    }

    public List<RuleCount> counts() {
        return tallies.values().stream().map(RuleTally::snapshot).toList();
    }
}
