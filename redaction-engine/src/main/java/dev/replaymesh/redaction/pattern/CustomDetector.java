package dev.replaymesh.redaction.pattern;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user regex. Replaces each whole match, or only group 1 when the regex has exactly one capturing group (a
 * match where group 1 did not take part is replaced whole). Empty matches replace nothing.
 * <p>
 * Custom rules take part in the re-check over the masked text (see {@link PatternSet}), so a regex that also
 * matches next to its own masked output, like {@code pin(:\d+)?} in {@code pin:****}, masks that too.
 * <p>
 * User regexes may backtrack catastrophically, so the matcher reads the text through a budget of
 * {@value #BASE_STEPS} + {@value #STEPS_PER_CHAR} x length char reads. Running out fails closed: the whole text
 * is replaced under this rule.
 */
final class CustomDetector implements Detector {

    static final long BASE_STEPS = 100_000;
    static final long STEPS_PER_CHAR = 1_000;

    private final Pattern pattern;
    private final boolean groupOnly;
    // A Matcher and the budget wrapper per thread, so a text without matches allocates nothing.
    private final ThreadLocal<State> state;

    CustomDetector(Pattern pattern) {
        this.pattern = pattern;
        this.groupOnly = pattern.matcher("").groupCount() == 1;
        this.state = ThreadLocal.withInitial(() -> new State(pattern));
    }

    @Override
    public boolean worthScanning(int profile) {
        return true;
    }

    @Override
    public Spans find(CharSequence text, int rule, Spans spans) {
        State st = state.get();
        BudgetedText budgeted = st.text;
        budgeted.reset(text, BASE_STEPS + STEPS_PER_CHAR * text.length());
        Matcher m = st.matcher.reset(budgeted);
        try {
            while (m.find()) {
                int start = m.start();
                int end = m.end();
                if (groupOnly && m.start(1) >= 0) {
                    start = m.start(1);
                    end = m.end(1);
                }
                if (end > start) {
                    spans = Spans.add(spans, start, end, rule);
                }
            }
        } catch (BudgetedText.Exhausted e) {
            spans = Spans.add(spans, 0, text.length(), rule);
        } finally {
            // Do not keep the last (possibly large) text reachable from the thread.
            m.reset("");
            budgeted.reset("", 0);
        }
        return spans;
    }

    Pattern pattern() {
        return pattern;
    }

    private static final class State {
        final BudgetedText text = new BudgetedText();
        final Matcher matcher;

        State(Pattern pattern) {
            this.matcher = pattern.matcher("");
        }
    }
}
