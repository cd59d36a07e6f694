package dev.replaymesh.format;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.replaymesh.proto.v1.Event;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NdjsonCodecTest {

    private final NdjsonCodec codec = new NdjsonCodec();

    static final String EXAMPLE_LINE = "{\"v\":1,\"project\":\"demo\",\"sessionId\":\"s1\",\"windowId\":\"\",\"seq\":1,"
            + "\"clientSeq\":0,\"timestamp\":1700000000000,\"receivedAt\":0,\"type\":4,\"crc32c\":3941067275,"
            + "\"distinctId\":\"\",\"redactedWith\":\"\",\"captureOffset\":0,\"event\":{\"type\":4}}";

    @Test
    void encodesTheDocumentedExample() {
        assertThat(new String(codec.encodeLine(FrameCodecTest.EXAMPLE), UTF_8)).isEqualTo(EXAMPLE_LINE);
        assertThat(codec.decodeLine(EXAMPLE_LINE.getBytes(UTF_8))).isEqualTo(FrameCodecTest.EXAMPLE);
    }

    @Test
    void keepsThePayloadByteForByte() {
        String payload = "{ \"type\" : 3,\t\"data\":{\"text\":\"caf\\u00e9 \\\"q\\\" \\/ é 😀\",\"x\":1.50E+2} }";
        Event event = event(payload);

        Event decoded = codec.decodeLine(codec.encodeLine(event));

        assertThat(decoded.getPayload().toStringUtf8()).isEqualTo(payload);
        assertThat(decoded).isEqualTo(event);
    }

    @Test
    void writesUnsignedNumbersAsUnsigned() {
        Event event = Events.withPayloadCrc(Event.newBuilder().setSeq(-1).setClientSeq(Long.MIN_VALUE)
                .setPayload(ByteString.copyFromUtf8("{\"a\":[1,2,3]}")).build());

        String line = new String(codec.encodeLine(event), UTF_8);

        assertThat(line).contains("\"seq\":18446744073709551615", "\"clientSeq\":9223372036854775808",
                "\"crc32c\":" + Integer.toUnsignedLong(event.getPayloadCrc32C()));
        assertThat(codec.decodeLine(line.getBytes(UTF_8))).isEqualTo(event);
    }

    @Test
    void absentAndNullEnvelopeFieldsAreUnset() {
        String payload = "{\"type\":4}";
        long crc = Integer.toUnsignedLong(Crc32c.of(payload.getBytes(UTF_8)));

        Event minimal = codec.decodeLine(line("{\"v\":1,\"crc32c\":" + crc + ",\"event\":" + payload + "}"));
        Event nulls = codec.decodeLine(line("{\"v\":1,\"project\":null,\"sessionId\":null,\"windowId\":null,"
                + "\"seq\":null,\"clientSeq\":null,\"timestamp\":null,\"receivedAt\":null,\"type\":null,"
                + "\"crc32c\":" + crc + ",\"distinctId\":null,\"event\":" + payload + "}"));

        assertThat(minimal).isEqualTo(event(payload)).isEqualTo(nulls);
    }

    @Test
    void readsKeysInAnyOrderAndSkipsUnknownOnes() {
        String payload = "{\"type\":2}";
        long crc = Integer.toUnsignedLong(Crc32c.of(payload.getBytes(UTF_8)));

        Event decoded = codec.decodeLine(line(" {\"event\":" + payload + ",\"future\":{\"event\":[1,{\"v\":2}]},"
                + "\"sessionId\":\"s9\",\"crc32c\":" + crc + ",\"tags\":[\"a\",null],\"v\":1} \r"));

        assertThat(decoded).isEqualTo(event(payload).toBuilder().setSessionId("s9").build());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        "[]",
        "\"v\"",
        "{\"v\":1,\"crc32c\":0,\"event\":{}",
        "{\"v\":1,\"crc32c\":0,\"event\":{}} {}",
        "{\"v\":1,\"crc32c\":0,\"event\":{}}x",
        "{\"v\":1,\"crc32c\":0,\"event\":[]}",
        "{\"v\":1,\"crc32c\":0,\"event\":\"{}\"}",
        "{\"v\":1,\"crc32c\":0}",
        "{\"v\":1,\"event\":{}}",
        "{\"v\":1,\"crc32c\":null,\"event\":{}}",
        "{\"crc32c\":0,\"event\":{}}",
        "{\"v\":\"1\",\"crc32c\":0,\"event\":{}}",
        "{\"v\":1.0,\"crc32c\":0,\"event\":{}}",
        "{\"v\":-1,\"crc32c\":0,\"event\":{}}",
        "{\"v\":1,\"v\":1,\"crc32c\":0,\"event\":{}}",
        "{\"v\":1,\"crc32c\":-1,\"event\":{}}",
        "{\"v\":1,\"crc32c\":4294967296,\"event\":{}}",
        "{\"v\":1,\"crc32c\":0,\"event\":{},\"seq\":-1}",
        "{\"v\":1,\"crc32c\":0,\"event\":{},\"seq\":18446744073709551616}",
        "{\"v\":1,\"crc32c\":0,\"event\":{},\"type\":2147483648}",
        "{\"v\":1,\"crc32c\":0,\"event\":{},\"timestamp\":9223372036854775808}",
        "{\"v\":1,\"crc32c\":0,\"event\":{},\"project\":7}",
        "{\"v\":1,\"crc32c\":0,\"event\":{},\"sessionId\":[]}",
        "{\"v\":1,\"crc32c\":0,\"event\":{\"a\":}}",
    })
    void refusesLinesThatAreNotValidEventLines(String text) {
        assertThatThrownBy(() -> codec.decodeLine(line(text))).isInstanceOf(CorruptLineException.class);
    }

    @Test
    void anUnknownMajorVersionWinsOverFieldsItMayHaveRedefined() {
        assertThatThrownBy(() -> codec.decodeLine(line("{\"seq\":\"abc\",\"v\":2,\"event\":7}")))
                .isInstanceOf(UnsupportedFormatVersionException.class)
                .hasMessage("unsupported format major version 2 in NDJSON line (this reader knows 1)");
    }

    @Test
    void aPayloadCrcMismatchNamesTheLine() throws IOException {
        String bad = EXAMPLE_LINE.replace("{\"type\":4}}", "{\"type\":5}}");
        byte[] input = (EXAMPLE_LINE + "\n\n" + bad + "\n" + EXAMPLE_LINE).getBytes(UTF_8);

        try (NdjsonReader reader = codec.reader(new ByteArrayInputStream(input))) {
            assertThat(reader.next()).isEqualTo(FrameCodecTest.EXAMPLE);
            assertThatThrownBy(reader::next)
                    .isInstanceOfSatisfying(CorruptLineException.class,
                            e -> assertThat(e.lineNumber()).isEqualTo(3))
                    .hasMessageStartingWith("corrupt NDJSON line 3: payload CRC32C mismatch: crc32c is 3941067275");
            // The reader goes on with the next line.
            assertThat(reader.next()).isEqualTo(FrameCodecTest.EXAMPLE);
            assertThat(reader.next()).isNull();
            assertThat(reader.lineNumber()).isEqualTo(4);
        }
    }

    @Test
    void anOverlongLineIsRefusedWithoutHoldingItAndSkipped() throws IOException {
        NdjsonCodec small = new NdjsonCodec(EXAMPLE_LINE.length());
        String longLine = "{\"v\":1,\"pad\":\"" + "x".repeat(100_000) + "\"}";
        byte[] input = (longLine + "\n" + EXAMPLE_LINE + "\n" + longLine).getBytes(UTF_8);

        try (NdjsonReader reader = small.reader(new ByteArrayInputStream(input))) {
            assertThatThrownBy(reader::next)
                    .isInstanceOf(CorruptLineException.class)
                    .hasMessage("corrupt NDJSON line 1: longer than the maximum of " + EXAMPLE_LINE.length() + " bytes");
            assertThat(reader.next()).isEqualTo(FrameCodecTest.EXAMPLE);
            assertThatThrownBy(reader::next)
                    .isInstanceOf(CorruptLineException.class)
                    .hasMessageStartingWith("corrupt NDJSON line 3:");
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void aLastLineWithoutNewlineIsRead() throws IOException {
        try (NdjsonReader reader = codec.reader(new ByteArrayInputStream(EXAMPLE_LINE.getBytes(UTF_8)))) {
            assertThat(reader.next()).isEqualTo(FrameCodecTest.EXAMPLE);
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void writeAppendsOneNewline() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.write(FrameCodecTest.EXAMPLE, out);
        codec.write(FrameCodecTest.EXAMPLE, out);

        assertThat(out.toString(UTF_8)).isEqualTo(EXAMPLE_LINE + "\n" + EXAMPLE_LINE + "\n");
    }

    @Test
    void deeplyNestedPayloadsRoundTrip() {
        String payload = "{\"a\":" + "[{\"b\":".repeat(2_000) + "1" + "}]".repeat(2_000) + "}";
        Event event = event(payload);

        assertThat(codec.decodeLine(codec.encodeLine(event))).isEqualTo(event);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "[1]",
        " {}",
        "{} ",
        "{}{}",
        "{},\"x\":1",
        "{\"a\":1",
        "{\"a\":\n1}",
        "{\"a\":\r1}",
        "{\"a\":tru}",
        "\"{}\"",
    })
    void refusesPayloadsThatWouldNotStayOneObjectOnOneLine(String payload) {
        assertThatThrownBy(() -> codec.encodeLine(event(payload))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.write(event(payload), new ByteArrayOutputStream()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAStalePayloadCrc() {
        Event stale = FrameCodecTest.EXAMPLE.toBuilder().setPayloadCrc32C(1).build();

        assertThatThrownBy(() -> codec.encodeLine(stale))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not match the payload");
    }

    private static Event event(String payload) {
        return Events.withPayloadCrc(Event.newBuilder().setPayload(ByteString.copyFromUtf8(payload)).build());
    }

    private static byte[] line(String text) {
        return text.getBytes(UTF_8);
    }
}
