package dev.replaymesh.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replaymesh.proto.v1.Event;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class FrameCodecPropertyTest {

    private final FrameCodec codec = new FrameCodec();

    @Provide
    Arbitrary<Event> events() {
        return EventArbitraries.events();
    }

    @Property
    void encodeThenDecodeGivesTheSameEvent(@ForAll("events") Event event) {
        Event decoded = codec.decode(codec.encode(event));

        assertThat(decoded).isEqualTo(event);
        assertThat(decoded.getPayload().toByteArray()).isEqualTo(event.getPayload().toByteArray());
    }

    @Property
    void encodingIntoAnArrayWritesTheSameFrameThereAndNothingElse(@ForAll("events") Event event,
            @ForAll @IntRange(min = 0, max = 64) int offset, @ForAll @IntRange(min = 0, max = 64) int slack) {
        byte[] frame = codec.encode(event);
        byte[] dst = new byte[offset + codec.frameLength(event) + slack];
        Arrays.fill(dst, (byte) 0x5a);

        int written = codec.encode(event, dst, offset);

        assertThat(written).isEqualTo(frame.length);
        assertThat(Arrays.copyOfRange(dst, offset, offset + written)).isEqualTo(frame);
        for (int i = 0; i < dst.length; i++) {
            if (i < offset || i >= offset + written) {
                assertThat(dst[i]).as("byte %d", i).isEqualTo((byte) 0x5a);
            }
        }
    }

    @Property(tries = 100)
    void framesBackToBackReadBackInOrder(@ForAll @Size(max = 40) List<@From("events") Event> events)
            throws IOException {
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        for (Event event : events) {
            codec.write(event, chunk);
        }

        List<Event> read = new ArrayList<>();
        try (FrameReader reader = codec.reader(new ByteArrayInputStream(chunk.toByteArray()))) {
            for (Event event = reader.next(); event != null; event = reader.next()) {
                read.add(event);
            }
            assertThat(reader.next()).isNull();
            assertThat(reader.framesRead()).isEqualTo(events.size());
            assertThat(reader.position()).isEqualTo(chunk.size());
        }
        assertThat(read).containsExactlyElementsOf(events);
    }

    @Property(tries = 1000)
    void anyFlippedBitIsDetected(@ForAll("events") Event event, @ForAll @IntRange(min = 0) int where)
            throws IOException {
        byte[] frame = codec.encode(event);
        int bit = where % (frame.length * 8);
        frame[bit / 8] ^= (byte) (1 << (bit % 8));

        assertRejected(frame);
    }

    @Property(tries = 1000)
    void anyChangedByteIsDetected(@ForAll("events") Event event, @ForAll @IntRange(min = 0) int where,
            @ForAll @IntRange(min = 1, max = 255) int xor) throws IOException {
        byte[] frame = codec.encode(event);
        frame[where % frame.length] ^= (byte) xor;

        assertRejected(frame);
    }

    @Property(tries = 100)
    void everyTruncationIsDetected(@ForAll("events") Event event) throws IOException {
        byte[] frame = codec.encode(event);
        for (int length = 0; length < frame.length; length++) {
            byte[] prefix = Arrays.copyOf(frame, length);
            assertThatThrownBy(() -> codec.decode(prefix)).isInstanceOf(CorruptFrameException.class);
            if (length == 0) {
                // An empty stream is a valid chunk of zero frames.
                assertThat(codec.reader(new ByteArrayInputStream(prefix)).next()).isNull();
            } else {
                assertThatThrownBy(() -> codec.reader(new ByteArrayInputStream(prefix)).next())
                        .isInstanceOf(CorruptFrameException.class)
                        .hasMessageContaining("truncated");
            }
        }
    }

    @Property
    void anotherVersionByteIsAnUnsupportedVersion(@ForAll("events") Event event,
            @ForAll @IntRange(min = 0, max = 255) int version) throws IOException {
        if (version == FrameCodec.MAJOR_VERSION) {
            return;
        }
        byte[] frame = codec.encode(event);
        frame[0] = (byte) version;

        assertThatThrownBy(() -> codec.decode(frame))
                .isInstanceOfSatisfying(UnsupportedFormatVersionException.class,
                        e -> assertThat(e.version()).isEqualTo(version))
                .hasMessageContaining("version " + version);
        assertThatThrownBy(() -> codec.reader(new ByteArrayInputStream(frame)).next())
                .isInstanceOf(UnsupportedFormatVersionException.class)
                .hasMessageContaining("version " + version)
                .hasMessageContaining("frame 0 at byte offset 0");
    }

    @Property
    void aHugeLengthFailsBeforeTheBodyIsRead(@ForAll @LongRange(min = FrameCodec.DEFAULT_MAX_BODY_LENGTH + 1L,
            max = 0xffff_ffffL) long claimed) throws IOException {
        byte[] header = header(claimed);
        byte[] frame = RawFrames.concat(header, new byte[16]);

        assertThatThrownBy(() -> codec.decode(frame))
                .isInstanceOf(CorruptFrameException.class)
                .hasMessageContaining("body length " + claimed + " exceeds the maximum");
        // The reader must refuse the length before it tries to read (and hold) the body.
        try (FrameReader reader = codec.reader(new ByteArrayInputStream(header))) {
            assertThatThrownBy(reader::next)
                    .isInstanceOf(CorruptFrameException.class)
                    .hasMessageContaining("exceeds the maximum");
        }
    }

    /** Version byte and a minimal varint of {@code length}. */
    static byte[] header(long length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(FrameCodec.MAJOR_VERSION);
        long v = length;
        while (v >= 0x80) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
        return out.toByteArray();
    }

    private void assertRejected(byte[] frame) throws IOException {
        assertThatThrownBy(() -> codec.decode(frame)).isInstanceOf(FormatException.class);
        // A reader must not return a different event either, nor mistake the damage for a clean end.
        assertThatThrownBy(() -> {
            try (FrameReader reader = codec.reader(new ByteArrayInputStream(frame))) {
                reader.next();
                reader.next();
            }
        }).isInstanceOf(FormatException.class);
    }
}
