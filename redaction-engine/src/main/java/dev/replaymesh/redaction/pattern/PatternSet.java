package dev.replaymesh.redaction.pattern;

import dev.replaymesh.redaction.pattern.PatternRule.Kind;
import dev.replaymesh.redaction.pattern.PatternRule.Replacement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable, thread-safe set of {@link PatternRule}s applied together to a text.
 *
 * <h2>Order</h2>
 * Rules run in this fixed order, whatever the order of the list they were built from: {@code BEARER}, {@code JWT},
 * {@code IBAN}, {@code CARD}, {@code EMAIL}, {@code PHONE}, then the {@code CUSTOM} rules in the order given. The
 * order only decides ties (below); every rule sees the whole original text.
 *
 * <h2>Overlaps</h2>
 * Matches that overlap (share at least one char) are replaced once, as one region covering all of them, so no part
 * of any match survives. The region is reported and, for {@link Replacement#TOKEN}, named after the longest match
 * in it; among equally long matches the rule that runs first wins. A JWT inside a {@code Bearer} header is one
 * region and one hit, {@code bearer}. Each region gives one {@link Hit}, in text order.
 *
 * <h2>Masking never uncovers a match</h2>
 * Some detectors refuse a match glued to a letter or digit (a card number inside a hash). When that letter belongs
 * to another match and is masked, the refused text would stand alone in the output, so once anything matched the
 * detectors run again over the masked text until nothing new turns up (in practice one extra pass, only for texts
 * that had a match). Hence scrubbing the output of {@code scrub} again finds nothing, except where a custom regex
 * matches the replacement itself.
 *
 * <h2>Cost</h2>
 * One pass over the text computes which detectors can possibly match (an '@' or "%40" for EMAIL, 13 digits in one
 * run of digit groups for CARD, 9 for PHONE, "eyJ" for JWT, "bearer" for BEARER, two capitals and two digits for
 * IBAN); only those run. The builtin detectors are hand-written scanners, linear in the text length and
 * allocation-free until they find something. Custom regexes reuse a matcher per thread and run under a step budget
 * (see {@link PatternRule#custom}). A text without matches comes back as the same instance with an empty hit list.
 */
public final class PatternSet {

    private static final List<Kind> ORDER =
            List.of(Kind.BEARER, Kind.JWT, Kind.IBAN, Kind.CARD, Kind.EMAIL, Kind.PHONE, Kind.CUSTOM);
    private static final int MAX_PASSES = 8;
    private static final char MASK = '*';

    private final List<PatternRule> rules;
    private final Detector[] detectors;
    private final boolean anyToken;

    /**
     * @param rules the rules, in any order (see the class comment for the order they run in)
     * @throws IllegalArgumentException when two rules share an id
     */
    public PatternSet(List<PatternRule> rules) {
        Objects.requireNonNull(rules, "rules");
        Set<String> ids = new HashSet<>();
        for (PatternRule rule : rules) {
            Objects.requireNonNull(rule, "rule");
            if (!ids.add(rule.id())) {
                throw new IllegalArgumentException("duplicate rule id '" + rule.id() + "'");
            }
        }
        List<PatternRule> ordered = new ArrayList<>(rules);
        // stable sort: custom rules keep the order they were given in
        ordered.sort(Comparator.comparingInt(r -> ORDER.indexOf(r.kind())));
        this.rules = List.copyOf(ordered);
        this.detectors = new Detector[ordered.size()];
        boolean token = false;
        for (int k = 0; k < ordered.size(); k++) {
            PatternRule rule = ordered.get(k);
            detectors[k] = detectorFor(rule);
            token |= rule.replacement() == Replacement.TOKEN;
        }
        this.anyToken = token;
    }

    public static PatternSet of(List<PatternRule> rules) {
        return new PatternSet(rules);
    }

    public static PatternSet of(PatternRule... rules) {
        return of(Arrays.asList(rules));
    }

    /** All builtin detectors with {@link Replacement#MASK}. */
    public static PatternSet builtins() {
        return builtins(Replacement.MASK);
    }

    public static PatternSet builtins(Replacement replacement) {
        List<PatternRule> rules = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            if (kind != Kind.CUSTOM) {
                rules.add(PatternRule.builtin(kind, replacement));
            }
        }
        return of(rules);
    }

    /** The rules in the order they run. */
    public List<PatternRule> rules() {
        return rules;
    }

    /**
     * Replaces every match of every rule. Returns {@code text} itself and no hits when nothing matched; otherwise a
     * new string and one {@link Hit} per replaced region, in text order.
     */
    public Scrubbed scrub(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            return Scrubbed.unchanged(text);
        }
        Spans spans = detect(text);
        if (spans == null) {
            return Scrubbed.unchanged(text);
        }
        Spans regions = merge(spans);
        char[] view = text.toCharArray();
        mask(view, regions);
        String masked = null;
        for (int pass = 1; pass < MAX_PASSES; pass++) {
            masked = new String(view);
            Spans more = detect(masked);
            if (!addUncovered(spans, more, regions)) {
                break;
            }
            regions = merge(spans);
            mask(view, regions);
            masked = null;
        }
        String out;
        if (!anyToken) {
            out = masked != null ? masked : new String(view);
        } else {
            out = withTokens(text, regions);
        }
        List<Hit> hits = new ArrayList<>(regions.size);
        for (int k = 0; k < regions.size; k++) {
            hits.add(new Hit(rules.get(regions.rule[k]).id(), regions.end[k] - regions.start[k]));
        }
        return new Scrubbed(out, hits);
    }

    private Spans detect(String text) {
        int profile = TextProfile.of(text);
        Spans spans = null;
        for (int k = 0; k < detectors.length; k++) {
            Detector detector = detectors[k];
            if (detector.worthScanning(profile)) {
                spans = detector.find(text, k, spans);
            }
        }
        return spans;
    }

    /** Adds the spans of {@code more} not already inside a region; true if any was added. */
    private static boolean addUncovered(Spans spans, Spans more, Spans regions) {
        if (more == null) {
            return false;
        }
        boolean added = false;
        for (int k = 0; k < more.size; k++) {
            int s = more.start[k];
            int e = more.end[k];
            int r = regionAt(regions, s);
            if (r < 0 || e > regions.end[r]) {
                spans.push(s, e, more.rule[k]);
                added = true;
            }
        }
        return added;
    }

    /** Index of the region containing position {@code pos}, or -1. */
    private static int regionAt(Spans regions, int pos) {
        int lo = 0;
        int hi = regions.size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (regions.end[mid] <= pos) {
                lo = mid + 1;
            } else if (regions.start[mid] > pos) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /**
     * Overlapping spans become one region; its rule is that of the longest span, ties going to the rule that runs
     * first, then to the earlier span. Regions come out sorted and disjoint.
     */
    static Spans merge(Spans spans) {
        int n = spans.size;
        long[] order = new long[n];
        for (int k = 0; k < n; k++) {
            order[k] = ((long) spans.start[k] << 32) | k;
        }
        Arrays.sort(order);
        Spans regions = new Spans();
        int first = (int) order[0];
        int start = spans.start[first];
        int end = spans.end[first];
        int winner = first;
        for (int j = 1; j < n; j++) {
            int k = (int) order[j];
            if (spans.start[k] < end) {
                end = Math.max(end, spans.end[k]);
                if (beats(spans, k, winner)) {
                    winner = k;
                }
            } else {
                regions.push(start, end, spans.rule[winner]);
                start = spans.start[k];
                end = spans.end[k];
                winner = k;
            }
        }
        regions.push(start, end, spans.rule[winner]);
        return regions;
    }

    private static boolean beats(Spans spans, int a, int b) {
        int lengthA = spans.end[a] - spans.start[a];
        int lengthB = spans.end[b] - spans.start[b];
        return lengthA > lengthB || (lengthA == lengthB && spans.rule[a] < spans.rule[b]);
    }

    private static void mask(char[] view, Spans regions) {
        for (int k = 0; k < regions.size; k++) {
            Arrays.fill(view, regions.start[k], regions.end[k], MASK);
        }
    }

    private String withTokens(String text, Spans regions) {
        StringBuilder out = new StringBuilder(text.length() + 16 * regions.size);
        int pos = 0;
        for (int k = 0; k < regions.size; k++) {
            int s = regions.start[k];
            int e = regions.end[k];
            out.append(text, pos, s);
            PatternRule rule = rules.get(regions.rule[k]);
            if (rule.replacement() == Replacement.TOKEN) {
                out.append(rule.token());
            } else {
                for (int i = s; i < e; i++) {
                    out.append(MASK);
                }
            }
            pos = e;
        }
        out.append(text, pos, text.length());
        return out.toString();
    }

    private static Detector detectorFor(PatternRule rule) {
        return switch (rule.kind()) {
            case EMAIL -> EmailDetector.INSTANCE;
            case CARD -> CardDetector.INSTANCE;
            case PHONE -> PhoneDetector.INSTANCE;
            case IBAN -> IbanDetector.INSTANCE;
            case JWT -> JwtDetector.INSTANCE;
            case BEARER -> BearerDetector.INSTANCE;
            case CUSTOM -> new CustomDetector(rule.regex());
        };
    }

    /** The builtin detector for a kind; for tests that drive a detector directly. */
    static Detector builtinDetector(Kind kind) {
        if (kind == Kind.CUSTOM) {
            throw new IllegalArgumentException("not a builtin: " + kind);
        }
        return detectorFor(PatternRule.builtin(kind));
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("PatternSet[");
        for (int k = 0; k < rules.size(); k++) {
            if (k > 0) {
                b.append(", ");
            }
            b.append(rules.get(k).id());
        }
        return b.append(']').toString();
    }
}
