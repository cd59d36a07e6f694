package dev.replaymesh.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnknownFieldSet;
import dev.replaymesh.proto.v1.Event;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    private final FrameCodec codec = new FrameCodec();

    /** The worked example of docs/FORMAT.md. */
    static final Event EXAMPLE = Events.withPayloadCrc(Event.newBuilder()
            .setProject("demo")
            .setSessionId("s1")
            .setSeq(1)
            .setClientTimestampMs(1_700_000_000_000L)
            .setEventType(4)
            .setPayload(ByteString.copyFromUtf8("{\"type\":4}"))
            .build());

    static final String EXAMPLE_HEX = "01" + "26"
            + "0a0464656d6f" + "12027331" + "2001" + "3080d095ffbc31" + "4004"
            + "4a0a7b2274797065223a347d" + "550beae7ea"
            + "0ece4677";

    @Test
    void encodesTheDocumentedExample() {
        assertThat(EXAMPLE.getPayloadCrc32C()).isEqualTo(0xeae7ea0b);
        assertThat(HexFormat.of().formatHex(codec.encode(EXAMPLE))).isEqualTo(EXAMPLE_HEX);
        assertThat(codec.decode(HexFormat.of().parseHex(EXAMPLE_HEX))).isEqualTo(EXAMPLE);
    }

    @Test
    void anEmptyEventIsAFrameWithAnEmptyBody() {
        byte[] frame = codec.encode(Event.getDefaultInstance());

        assertThat(frame).hasSize(6).startsWith(0x01, 0x00);
        assertThat(codec.decode(frame)).isEqualTo(Event.getDefaultInstance());
    }

    @Test
    void unknownFieldsAreKeptThroughDecodeAndEncode() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(EXAMPLE.toByteArray());
        CodedOutputStream extra = CodedOutputStream.newInstance(body);
        // In field-number order, which is how protobuf writes unknown fields back out.
        extra.writeUInt64(12, 42);
        extra.writeString(99, "from a newer minor version");
        extra.flush();
        byte[] frame = RawFrames.frame(body.toByteArray());

        Event decoded = codec.decode(frame);

        UnknownFieldSet unknown = decoded.getUnknownFields();
        assertThat(unknown.getField(99).getLengthDelimitedList())
                .containsExactly(ByteString.copyFromUtf8("from a newer minor version"));
        assertThat(unknown.getField(12).getVarintList()).containsExactly(42L);
        assertThat(decoded.getProject()).isEqualTo("demo");
        assertThat(codec.encode(decoded)).isEqualTo(frame);
    }

    @Test
    void aBodyThatIsNotAnEventIsCorrupt() {
        byte[] frame = RawFrames.frame(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});

        assertThatThrownBy(() -> codec.decode(frame))
                .isInstanceOf(CorruptFrameException.class)
                .hasMessageContaining("not a valid replay.v1.Event");
    }

    @Test
    void aStringFieldThatIsNotUtf8IsCorrupt() {
        byte[] frame = RawFrames.frame(new byte[] {0x0a, 0x02, (byte) 0xc3, 0x28});

        assertThatThrownBy(() -> codec.decode(frame))
                .isInstanceOf(CorruptFrameException.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void aStalePayloadCrcIsCorruptEvenWithAGoodFrameCrc() {
        Event stale = EXAMPLE.toBuilder().setPayload(ByteString.copyFromUtf8("{\"type\":5}")).build();
        byte[] frame = RawFrames.frame(stale.toByteArray());

        assertThatThrownBy(() -> codec.decode(frame))
                .isInstanceOf(CorruptFrameException.class)
                .hasMessageContaining("payload CRC32C mismatch");
    }

    @Test
    void trailingBytesAreCorrupt() {
        byte[] frame = RawFrames.concat(codec.encode(EXAMPLE), new byte[] {0});

        assertThatThrownBy(() -> codec.decode(frame))
                .isInstanceOf(CorruptFrameException.class)
                .hasMessageContaining("1 trailing bytes");
    }

    @Test
    void twoFramesInOneArrayAreNotOneFrame() {
        byte[] two = RawFrames.concat(codec.encode(EXAMPLE), codec.encode(EXAMPLE));

        assertThatThrownBy(() -> codec.decode(two)).isInstanceOf(CorruptFrameException.class);
    }

    @Test
    void aPaddedLengthIsCorrupt() {
        byte[] frame = HexFormat.of().parseHex("01" + "8000" + "00000000");

        assertThatThrownBy(() -> codec.decode(frame))
                .isInstanceOf(CorruptFrameException.class)
                .hasMessageContaining("not minimally encoded");
    }

    @Test
    void aLengthOfMoreThanFiveBytesIsCorrupt() {
        byte[] frame = HexFormat.of().parseHex("01" + "ffffffffff01" + "00000000");

        assertThatThrownBy(() -> codec.decode(frame))
                .isInstanceOf(CorruptFrameException.class)
                .hasMessageContaining("longer than 5 bytes");
        assertThatThrownBy(() -> codec.reader(new ByteArrayInputStream(frame)).next())
                .isInstanceOf(CorruptFrameException.class)
                .hasMessageContaining("longer than 5 bytes");
    }

    @Test
    void aLengthBeyond32BitsIsCorrupt() {
        byte[] frame = HexFormat.of().parseHex("01" + "ffffffff1f" + "00000000");

        assertThatThrownBy(() -> codec.decode(frame))
                .isInstanceOf(CorruptFrameException.class)
                .hasMessageContaining("32 bits");
    }

    @Test
    void aLyingLengthAllocatesNothingLikeIt() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] claimsMax = RawFrames.concat(FrameCodecPropertyTest.header(FrameCodec.DEFAULT_MAX_BODY_LENGTH),
                new byte[100]);
        byte[] claims4GiB = RawFrames.concat(FrameCodecPropertyTest.header(0xffff_ffffL), new byte[100]);
        long before = threads.getCurrentThreadAllocatedBytes();

        assertThatThrownBy(() -> codec.reader(new ByteArrayInputStream(claimsMax)).next())
                .isInstanceOf(CorruptFrameException.class)
                .hasMessageContaining("truncated after 100 of 67108864 body bytes");
        assertThatThrownBy(() -> codec.decode(claimsMax)).isInstanceOf(CorruptFrameException.class);
        assertThatThrownBy(() -> codec.decode(claims4GiB)).isInstanceOf(CorruptFrameException.class);
        assertThatThrownBy(() -> codec.reader(new ByteArrayInputStream(claims4GiB)).next())
                .isInstanceOf(CorruptFrameException.class);

        assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(4 * 1024 * 1024);
    }

    @Test
    void theLimitIsTheCodecs() {
        FrameCodec small = new FrameCodec(16);

        assertThatThrownBy(() -> small.encode(EXAMPLE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceeds the maximum frame body length 16");
        assertThatThrownBy(() -> small.decode(codec.encode(EXAMPLE)))
                .isInstanceOf(CorruptFrameException.class)
                .hasMessageContaining("body length 38 exceeds the maximum 16");
    }

    @Test
    void encodeRefusesAStalePayloadCrc() {
        Event stale = EXAMPLE.toBuilder().setPayloadCrc32C(7).build();

        assertThatThrownBy(() -> codec.encode(stale))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("payload_crc32c 0x00000007 does not match");
        assertThatThrownBy(() -> codec.write(stale, new ByteArrayOutputStream()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReaderNamesTheFrameAndOffsetOfTheDamage() throws IOException {
        byte[] one = codec.encode(EXAMPLE);
        byte[] chunk = RawFrames.concat(one, one, one);
        chunk[2 * one.length + 10] ^= 1;

        try (FrameReader reader = codec.reader(new ByteArrayInputStream(chunk))) {
            assertThat(reader.next()).isEqualTo(EXAMPLE);
            assertThat(reader.next()).isEqualTo(EXAMPLE);
            assertThatThrownBy(reader::next)
                    .isInstanceOfSatisfying(CorruptFrameException.class, e -> {
                        assertThat(e.frameIndex()).isEqualTo(2);
                        assertThat(e.byteOffset()).isEqualTo(2L * one.length);
                    })
                    .hasMessage("corrupt frame 2 at byte offset 88: frame CRC32C mismatch: stored 0x0ece4677, "
                            + "computed " + Crc32c.hex(Crc32c.of(chunk, 88, one.length - 4)));
            assertThatThrownBy(reader::next)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("earlier error");
        }
    }

    @Test
    void aReaderEndsCleanlyOnlyBetweenFrames() throws IOException {
        try (FrameReader reader = codec.reader(new ByteArrayInputStream(new byte[0]))) {
            assertThat(reader.next()).isNull();
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void crc32cMatchesTheStandardCheckValue() {
        byte[] check = "123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        assertThat(Crc32c.of(check)).isEqualTo(0xe3069283);
        assertThat(Crc32c.of(ByteString.copyFrom(check))).isEqualTo(0xe3069283);
        assertThat(Crc32c.of(ByteString.copyFromUtf8("1234").concat(ByteString.copyFromUtf8("56789"))))
                .isEqualTo(0xe3069283);
        assertThat(Crc32c.of(new byte[0])).isZero();
    }

    @Test
    void eventsHelpersSetAndCheckThePayloadCrc() {
        Event.Builder builder = Event.newBuilder().setPayload(ByteString.copyFromUtf8("{}"));

        assertThat(Events.hasValidPayloadCrc(builder)).isFalse();
        assertThat(Events.hasValidPayloadCrc(Events.setPayloadCrc(builder))).isTrue();
        assertThat(Events.withPayloadCrc(EXAMPLE)).isSameAs(EXAMPLE);
        assertThat(Events.withPayloadCrc(EXAMPLE.toBuilder().setPayloadCrc32C(0).build())).isEqualTo(EXAMPLE);
    }
}
