package dev.replaymesh.redaction.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replaymesh.redaction.pattern.PatternRule.Kind;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Near misses for each builtin detector. The detector alone reads every char a bounded number of times: its charAt
 * calls are counted (no timing) over 256 KB and must stay under {@value #READS_PER_CHAR} per char. The whole set
 * then runs over the same pattern at 1 MB and simply has to finish.
 */
class LinearScanTest {

    private static final int COUNTED_SIZE = 1 << 18;
    private static final int SIZE = 1 << 20;
    private static final long READS_PER_CHAR = 32;

    static Stream<Arguments> nearMisses() {
        return Stream.of(
                a(Kind.EMAIL, "a.b-c_d%e+f "),
                a(Kind.EMAIL, "x%40"),
                a(Kind.EMAIL, "ab@cd-"),
                a(Kind.EMAIL, "@"),
                a(Kind.EMAIL, "a", "", "@"),
                a(Kind.EMAIL, "a", "@", ""),
                a(Kind.EMAIL, "b.", "a@", ""),
                a(Kind.EMAIL, "a@b.c "),
                a(Kind.CARD, "4111 1111 1111 1112 "),
                a(Kind.CARD, "1234567890"),
                a(Kind.CARD, "1-"),
                a(Kind.CARD, "123 "),
                a(Kind.CARD, "9-99-999-"),
                a(Kind.CARD, "0.4111111111111111"),
                a(Kind.PHONE, "+1 2 3 4 5 6 7 8 "),
                a(Kind.PHONE, "+1-"),
                a(Kind.PHONE, "555-123-456 "),
                a(Kind.PHONE, "(555) 123-456 "),
                a(Kind.PHONE, "030 1 "),
                a(Kind.PHONE, "0"),
                a(Kind.PHONE, "+"),
                a(Kind.PHONE, "("),
                a(Kind.PHONE, "1 "),
                a(Kind.PHONE, "12 "),
                a(Kind.PHONE, "2", "+1", ""),
                a(Kind.IBAN, "DE89 3704 0044 0532 0130 01 "),
                a(Kind.IBAN, "A", "DE89", ""),
                a(Kind.IBAN, "DE89 ABCD "),
                a(Kind.IBAN, "DE89"),
                a(Kind.JWT, "eyJabc "),
                a(Kind.JWT, "a", "eyJ", ""),
                a(Kind.JWT, "eyJa.b "),
                a(Kind.JWT, "eyJ."),
                a(Kind.BEARER, "Bearer short "),
                a(Kind.BEARER, "a", "bearer ", ""),
                a(Kind.BEARER, "Bearer"),
                a(Kind.BEARER, "bearer" + " ".repeat(40)));
    }

    @ParameterizedTest(name = "{index}: {0} {1}")
    @MethodSource("nearMisses")
    void detectorReadsEachCharABoundedNumberOfTimes(Kind kind, NearMiss nearMiss) {
        CountingText counting = new CountingText(nearMiss.build(COUNTED_SIZE));

        PatternSet.builtinDetector(kind).find(counting, 0, null);

        assertThat(counting.reads).isLessThanOrEqualTo(READS_PER_CHAR * counting.length());
    }

    @ParameterizedTest(name = "{index}: {0} {1}")
    @MethodSource("nearMisses")
    void wholeSetFinishesOnOneMegabyte(Kind kind, NearMiss nearMiss) {
        String text = nearMiss.build(SIZE);

        Scrubbed scrubbed = PatternSet.builtins().scrub(text);

        assertThat(scrubbed.text()).hasSameSizeAs(text);
    }

    /** {@code head + unit repeated + tail}, at least {@code size} chars. */
    record NearMiss(String unit, String head, String tail) {
        String build(int size) {
            return head + unit.repeat(size / unit.length() + 1) + tail;
        }

        @Override
        public String toString() {
            String u = unit.length() > 12 ? unit.substring(0, 12) + "..." : unit;
            return "'" + head + "' + '" + u + "'* + '" + tail + "'";
        }
    }

    private static Arguments a(Kind kind, String unit) {
        return a(kind, unit, "", "");
    }

    private static Arguments a(Kind kind, String unit, String head, String tail) {
        return Arguments.of(kind, new NearMiss(unit, head, tail));
    }

    /** Counts reads so that the amount of work, not the time, is asserted. */
    static final class CountingText implements CharSequence {
        private final String text;
        long reads;

        CountingText(String text) {
            this.text = text;
        }

        @Override
        public char charAt(int index) {
            reads++;
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
            return text;
        }
    }
}
