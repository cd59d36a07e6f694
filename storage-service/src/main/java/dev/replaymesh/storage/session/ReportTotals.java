package dev.replaymesh.storage.session;

import dev.replaymesh.contract.report.RedactionReport;
import dev.replaymesh.contract.report.RuleCount;
import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.format.session.RedactionSummary;
import dev.replaymesh.format.session.RuleTotal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Adds a session's redaction reports (one per redacted batch) up into its manifest summary. */
final class ReportTotals {

    private final Set<String> ruleSets = new LinkedHashSet<>();
    private long seen;
    private long changed;
    private long dropped;
    private final Map<String, Rule> rules = new LinkedHashMap<>();

    ReportTotals(RedactionSummary from) {
        ruleSets.addAll(from.ruleSets());
        seen = from.eventsSeen();
        changed = from.eventsChanged();
        dropped = from.eventsDropped();
        for (RuleTotal t : from.rules()) {
            Rule r = rule(t.rule(), t.action());
            r.events = t.events();
            r.nodes = t.nodes();
            r.chars = t.chars();
            r.bytes = t.bytes();
            r.paths.addAll(t.paths());
            r.positions.addAll(t.positions());
        }
    }

    void add(RedactionReport report) {
        if (report.ruleSet() != null) {
            ruleSets.add(report.ruleSet());
        }
        seen += report.seen();
        changed += report.changed();
        dropped += report.dropped();
        for (RuleCount c : report.removed() == null ? List.<RuleCount>of() : report.removed()) {
            Rule r = rule(c.rule(), c.action());
            r.events += c.events();
            r.nodes += c.nodes();
            r.chars += c.chars();
            r.bytes += c.bytes();
            addSome(r.paths, c.paths());
            addSome(r.positions, c.positions());
        }
    }

    RedactionSummary snapshot() {
        List<RuleTotal> totals = new ArrayList<>();
        for (Rule r : rules.values()) {
            totals.add(new RuleTotal(r.rule, r.action, r.events, r.nodes, r.chars, r.bytes, List.copyOf(r.paths),
                    List.copyOf(r.positions)));
        }
        totals.sort(Comparator.comparingLong(RuleTotal::events).reversed().thenComparing(RuleTotal::rule));
        return new RedactionSummary(List.copyOf(ruleSets), seen, changed, dropped, totals);
    }

    private Rule rule(String rule, String action) {
        return rules.computeIfAbsent(rule + "\u0000" + action, k -> new Rule(rule, action));
    }

    private static <T> void addSome(Set<T> into, List<T> from) {
        if (from == null) {
            return;
        }
        for (T t : from) {
            if (into.size() >= Manifest.MAX_SAMPLES) {
                return;
            }
            into.add(t);
        }
    }

    private static final class Rule {
        final String rule;
        final String action;
        long events;
        long nodes;
        long chars;
        long bytes;
        final Set<String> paths = new LinkedHashSet<>();
        final Set<Long> positions = new LinkedHashSet<>();

        Rule(String rule, String action) {
            this.rule = rule;
            this.action = action;
        }
    }
}
