package dev.replaymesh.redaction.pattern;

import java.util.Arrays;

/** Growable list of [start, end) ranges tagged with a rule index; created only once something matched. */
final class Spans {

    int[] start = new int[8];
    int[] end = new int[8];
    int[] rule = new int[8];
    int size;

    /** Adds to {@code spans}, creating it on the first match so that texts without matches allocate nothing. */
    static Spans add(Spans spans, int start, int end, int rule) {
        if (spans == null) {
            spans = new Spans();
        }
        spans.push(start, end, rule);
        return spans;
    }

    void push(int s, int e, int r) {
        if (size == start.length) {
            int n = size * 2;
            start = Arrays.copyOf(start, n);
            end = Arrays.copyOf(end, n);
            rule = Arrays.copyOf(rule, n);
        }
        start[size] = s;
        end[size] = e;
        rule[size] = r;
        size++;
    }
}
