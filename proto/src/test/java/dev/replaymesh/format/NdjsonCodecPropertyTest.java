package dev.replaymesh.format;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.replaymesh.proto.v1.Event;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class NdjsonCodecPropertyTest {

    private final NdjsonCodec codec = new NdjsonCodec();

    @Provide
    Arbitrary<Event> events() {
        return EventArbitraries.events();
    }

    /** A JSON member with a key the envelope does not define. */
    @Provide
    Arbitrary<String> unknownMembers() {
        return Combinators.combine(EventArbitraries.jsonString(), EventArbitraries.jsonObjects(2))
                .as((key, value) -> "\"x-" + key.substring(1) + ":" + value);
    }

    @Property
    void encodeThenDecodeGivesTheSameEventAndPayloadBytes(@ForAll("events") Event event) {
        byte[] line = codec.encodeLine(event);
        Event decoded = codec.decodeLine(line);

        assertThat(line).doesNotContain((byte) '\n', (byte) '\r');
        assertThat(decoded).isEqualTo(event);
        assertThat(decoded.getPayload().toByteArray()).isEqualTo(event.getPayload().toByteArray());
    }

    @Property(tries = 100)
    void linesReadBackInOrder(@ForAll @Size(max = 40) List<@From("events") Event> events,
            @ForAll boolean crlf, @ForAll boolean blankLines) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Event event : events) {
            if (blankLines) {
                out.writeBytes(crlf ? "\r\n".getBytes(UTF_8) : "  \n".getBytes(UTF_8));
            }
            out.writeBytes(codec.encodeLine(event));
            out.writeBytes(crlf ? "\r\n".getBytes(UTF_8) : "\n".getBytes(UTF_8));
        }

        List<Event> read = new ArrayList<>();
        try (NdjsonReader reader = codec.reader(new ByteArrayInputStream(out.toByteArray()))) {
            for (Event event = reader.next(); event != null; event = reader.next()) {
                read.add(event);
            }
            assertThat(reader.lineNumber()).isEqualTo(blankLines ? 2L * events.size() : events.size());
        }
        assertThat(read).containsExactlyElementsOf(events);
    }

    @Property(tries = 100)
    void everyTruncationOfALineIsDetected(@ForAll("events") Event event) {
        byte[] line = codec.encodeLine(event);
        for (int length = 0; length < line.length; length++) {
            byte[] prefix = Arrays.copyOf(line, length);
            assertThatThrownBy(() -> codec.decodeLine(prefix)).isInstanceOf(CorruptLineException.class);
        }
    }

    @Property
    void unknownKeysAnywhereAreIgnored(@ForAll("events") Event event, @ForAll("unknownMembers") String member,
            @ForAll @IntRange(min = 0) int where) throws IOException {
        byte[] line = codec.encodeLine(event);
        List<Integer> keyStarts = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(line)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                keyStarts.add((int) p.currentTokenLocation().getByteOffset());
                p.nextToken();
                p.skipChildren();
            }
        }
        int at = keyStarts.get(where % keyStarts.size());
        byte[] withUnknown = RawFrames.concat(Arrays.copyOf(line, at), (member + ",").getBytes(UTF_8),
                Arrays.copyOfRange(line, at, line.length));

        assertThat(codec.decodeLine(withUnknown)).isEqualTo(event);
    }

    @Property
    void anotherMajorVersionIsUnsupported(@ForAll("events") Event event,
            @ForAll @IntRange(min = 0, max = 100_000) int version) {
        if (version == NdjsonCodec.MAJOR_VERSION) {
            return;
        }
        String line = new String(codec.encodeLine(event), UTF_8).replaceFirst("\"v\":1,", "\"v\":" + version + ",");

        assertThatThrownBy(() -> codec.decodeLine(line.getBytes(UTF_8)))
                .isInstanceOfSatisfying(UnsupportedFormatVersionException.class,
                        e -> assertThat(e.version()).isEqualTo(version))
                .hasMessageContaining("version " + version);
    }
}
