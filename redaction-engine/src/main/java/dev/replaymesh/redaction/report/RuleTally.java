package dev.replaymesh.redaction.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** How much one rule removed in one session (or one batch of it). Never the removed values. */
public final class RuleTally {

    /** At most this many element paths and event positions are listed per rule; counts are exact. */
    static final int MAX_SAMPLES = 20;

    private final String rule;
    private final String action;
    private long events;
    private long nodes;
    private long chars;
    private long bytes;
    private long lastPosition = -1;
    private final Set<String> paths = new LinkedHashSet<>();
    private final List<Long> positions = new ArrayList<>();

    RuleTally(String rule, String action) {
        this.rule = rule;
        this.action = action;
    }

    void add(long position, String path, long nodes, long chars, long bytes) {
        if (position != lastPosition) {
            events++;
            lastPosition = position;
            if (positions.size() < MAX_SAMPLES) {
                positions.add(position);
            }
        }
        this.nodes += nodes;
        this.chars += chars;
        this.bytes += bytes;
        if (path != null && paths.size() < MAX_SAMPLES) {
            paths.add(path);
        }
    }

    public RuleCount snapshot() {
        return new RuleCount(rule, action, events, nodes, chars, bytes, List.copyOf(paths), List.copyOf(positions));
    }
}
