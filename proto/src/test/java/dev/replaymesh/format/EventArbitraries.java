package dev.replaymesh.format;

import com.google.protobuf.ByteString;
import dev.replaymesh.proto.v1.Event;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Random events whose payloads are JSON objects written in many legal ways. */
final class EventArbitraries {

    private EventArbitraries() {
    }

    static Arbitrary<Event> events() {
        return Combinators.combine(
                Combinators.combine(text(), text(), text(), text()).as(List::of),
                Arbitraries.longs().list().ofSize(4),
                Arbitraries.integers(),
                jsonObjects(3))
            .as((strings, longs, type, payload) -> Events.withPayloadCrc(Event.newBuilder()
                .setProject(strings.get(0))
                .setSessionId(strings.get(1))
                .setWindowId(strings.get(2))
                .setDistinctId(strings.get(3))
                .setSeq(longs.get(0))
                .setClientSeq(longs.get(1))
                .setClientTimestampMs(longs.get(2))
                .setServerReceivedMs(longs.get(3))
                .setEventType(type)
                .setPayload(ByteString.copyFrom(payload, StandardCharsets.UTF_8))
                .build()));
    }

    /** Valid Unicode text: ASCII including control characters, the rest of the BMP, and beyond. */
    static Arbitrary<String> text() {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0, 0x7f)),
                Tuple.of(2, Arbitraries.integers().between(0x80, 0xd7ff)),
                Tuple.of(1, Arbitraries.integers().between(0xe000, 0xffff)),
                Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10ffff)));
        return codePoint.list().ofMaxSize(20).map(EventArbitraries::fromCodePoints);
    }

    /** A JSON object on one line, with random spacing, escapes and nesting up to {@code depth}. */
    static Arbitrary<String> jsonObjects(int depth) {
        Arbitrary<String> member = Combinators.combine(space(), jsonString(), space(), space(), jsonValue(depth), space())
                .as((s1, key, s2, s3, value, s4) -> s1 + key + s2 + ":" + s3 + value + s4);
        return Combinators.combine(member.list().ofMaxSize(5), space())
                .as((members, inner) -> members.isEmpty() ? "{" + inner + "}" : "{" + String.join(",", members) + "}");
    }

    private static Arbitrary<String> jsonValue(int depth) {
        Arbitrary<String> scalar = Arbitraries.oneOf(jsonString(), jsonNumber(),
                Arbitraries.of("true", "false", "null"));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<String> array = Combinators.combine(
                        Arbitraries.lazy(() -> jsonValue(depth - 1)).list().ofMaxSize(4), space())
                .as((values, s) -> "[" + s + String.join("," + s, values) + "]");
        return Arbitraries.frequencyOf(
                Tuple.of(6, scalar),
                Tuple.of(1, Arbitraries.lazy(() -> jsonObjects(depth - 1))),
                Tuple.of(1, array));
    }

    private static Arbitrary<String> space() {
        return Arbitraries.of("", "", "", " ", "\t", "  ");
    }

    private static Arbitrary<String> jsonNumber() {
        return Combinators.combine(
                        Arbitraries.longs(),
                        Arbitraries.of("", ".5", ".0001", ".123456789"),
                        Arbitraries.of("", "e3", "E-7", "e+12"))
                .as((integer, fraction, exponent) -> integer + fraction + exponent);
    }

    /** A JSON string literal whose characters are written raw or escaped in every legal way. */
    static Arbitrary<String> jsonString() {
        Arbitrary<String> raw = Arbitraries.frequencyOf(
                        Tuple.of(5, Arbitraries.integers().between(0x20, 0x7f)),
                        Tuple.of(2, Arbitraries.integers().between(0x80, 0xd7ff)),
                        Tuple.of(1, Arbitraries.integers().between(0xe000, 0xffff)),
                        Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10ffff)))
                .filter(c -> c != '"' && c != '\\')
                .map(c -> new String(Character.toChars(c)));
        Arbitrary<String> shortEscape = Arbitraries.of("\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t");
        Arbitrary<String> unicodeEscape = Arbitraries.integers().between(0, 0xffff)
                .filter(c -> c < 0xd800 || c > 0xdfff)
                .flatMap(c -> Arbitraries.of(String.format("\\u%04x", c), String.format("\\u%04X", c)));
        Arbitrary<String> escapedPair = Arbitraries.integers().between(0x10000, 0x10ffff)
                .map(c -> String.format("\\u%04x\\u%04x", (int) Character.highSurrogate(c),
                        (int) Character.lowSurrogate(c)));
        return Arbitraries.frequencyOf(
                        Tuple.of(8, raw),
                        Tuple.of(1, shortEscape),
                        Tuple.of(1, unicodeEscape),
                        Tuple.of(1, escapedPair))
                .list().ofMaxSize(12)
                .map(parts -> "\"" + String.join("", parts) + "\"");
    }

    private static String fromCodePoints(List<Integer> codePoints) {
        StringBuilder s = new StringBuilder();
        for (int c : codePoints) {
            if (c < 0xd800 || c > 0xdfff) {
                s.appendCodePoint(c);
            }
        }
        return s.toString();
    }
}
