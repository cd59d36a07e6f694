package dev.replaymesh.capture.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchParserTest {

    final BatchParser parser = new BatchParser(1024, 10);

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void ndjsonKeepsEachLineExactlyAndReadsTheEnvelopeFields() {
        String a = "{\"type\":2, \"timestamp\":1700000000000, \"seq\":7, \"windowId\":\"w\", \"data\":{\"t\":\"é\\n\"}}";
        String b = "{\"timestamp\":1.7E12,\"type\":3,\"data\":{}}";
        List<IncomingEvent> events = parser.ndjson(utf8(a + "\r\n\n   \n" + b));
        assertThat(events).hasSize(2);
        assertThat(new String(events.get(0).payload(), StandardCharsets.UTF_8)).isEqualTo(a);
        assertThat(events.get(0).clientSeq()).isEqualTo(7);
        assertThat(events.get(0).windowId()).isEqualTo("w");
        assertThat(events.get(0).type()).isEqualTo(2);
        assertThat(events.get(1).timestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(events.get(1).clientSeq()).isZero();
        assertThat(events.get(1).windowId()).isNull();
    }

    @Test
    void jsonArrayElementsKeepTheirBytesUnlessTheySpanLines() {
        List<IncomingEvent> events = parser.jsonArray(utf8("[ {\"type\":1,\"timestamp\":5} ,{\n\"type\":4,\n\"timestamp\":6}]"));
        assertThat(events).extracting(e -> new String(e.payload(), StandardCharsets.UTF_8))
                .containsExactly("{\"type\":1,\"timestamp\":5}", "{\"type\":4,\"timestamp\":6}");
    }

    @Test
    void refusalsNameWhereTheyAre() {
        assertThatThrownBy(() -> parser.ndjson(utf8("{\"type\":1,\"timestamp\":5}\n{\"type\":1.5,\"timestamp\":5}")))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("line 2").hasMessageContaining("type");
        assertThatThrownBy(() -> parser.ndjson(utf8("{\"type\":1,\"timestamp\":5} {}")))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("after the JSON object");
        assertThatThrownBy(() -> parser.ndjson(utf8("\"text\"")))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("a string");
        assertThatThrownBy(() -> parser.ndjson(utf8("{\"type\":1,\"timestamp\":5,\"seq\":0}")))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("seq");
        assertThatThrownBy(() -> parser.jsonArray(utf8("{\"type\":1,\"timestamp\":5}")))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("JSON array");
        assertThatThrownBy(() -> parser.jsonArray(utf8("[{\"type\":1,\"timestamp\":5},3]")))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("event 2");
        assertThatThrownBy(() -> parser.ndjson(utf8("{\"type\":1,\"timestamp\":5,\"x\":\"" + "a".repeat(1100) + "\"}")))
                .isInstanceOf(OversizedEventException.class).hasMessageContaining("line 1");
        assertThatThrownBy(() -> parser.ndjson(utf8("{\"type\":1,\"timestamp\":5}\n".repeat(11))))
                .isInstanceOf(OversizedEventException.class).hasMessageContaining("more than 10 events");
    }
}
