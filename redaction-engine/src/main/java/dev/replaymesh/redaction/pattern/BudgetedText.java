package dev.replaymesh.redaction.pattern;

/** A CharSequence view that throws once a fixed number of charAt calls has been used up. */
final class BudgetedText implements CharSequence {

    static final class Exhausted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        static final Exhausted INSTANCE = new Exhausted();

        private Exhausted() {
            super("regex step budget exhausted", null, false, false);
        }
    }

    private CharSequence text = "";
    private long remaining;

    void reset(CharSequence text, long budget) {
        this.text = text;
        this.remaining = budget;
    }

    @Override
    public char charAt(int index) {
        if (--remaining < 0) {
            throw Exhausted.INSTANCE;
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.subSequence(start, end);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
