package dev.replaymesh.format.posthog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaymesh.format.posthog.CompressedSnapshot.UndecodableSnapshotException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class CompressedSnapshotTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final CompressedSnapshot decoder = new CompressedSnapshot(1 << 20);

    @Test
    void aFullSnapshotsDataIsInflatedAndCvRemoved() throws Exception {
        String data = "{\"node\":{\"type\":0,\"childNodes\":[{\"type\":3,\"textContent\":\"caf\u00e9 \u2603\"}]},"
                + "\"initialOffset\":{\"top\":0,\"left\":0}}";
        ObjectNode event = event("{\"type\":2,\"timestamp\":5,\"cv\":\"2024-10\"}");
        event.put("data", latin1Gzip(data));

        decoder.decompress(event);

        assertThat(event).isEqualTo(event("{\"type\":2,\"timestamp\":5,\"data\":" + data + "}"));
    }

    @Test
    void aMutationsFourFieldsAreInflatedEmptyArraysIncluded() throws Exception {
        ObjectNode event = event("{\"type\":3,\"timestamp\":5,\"cv\":\"2024-10\",\"data\":{\"source\":0}}");
        ObjectNode data = (ObjectNode) event.get("data");
        data.put("texts", latin1Gzip("[]"));
        data.put("attributes", latin1Gzip("[{\"id\":4,\"attributes\":{\"class\":\"on\"}}]"));
        data.put("removes", latin1Gzip("[{\"parentId\":3,\"id\":9}]"));
        data.put("adds", latin1Gzip("[{\"parentId\":3,\"nextId\":null,\"node\":{\"type\":3,\"textContent\":\"hi\",\"id\":10}}]"));

        decoder.decompress(event);

        assertThat(event).isEqualTo(event("{\"type\":3,\"timestamp\":5,\"data\":{\"source\":0,\"texts\":[],"
                + "\"attributes\":[{\"id\":4,\"attributes\":{\"class\":\"on\"}}],\"removes\":[{\"parentId\":3,\"id\":9}],"
                + "\"adds\":[{\"parentId\":3,\"nextId\":null,\"node\":{\"type\":3,\"textContent\":\"hi\",\"id\":10}}]}}"));
    }

    @Test
    void aStyleSheetRulesAddsAndRemovesAreInflatedAndOtherFieldsKept() throws Exception {
        ObjectNode event = event("{\"type\":3,\"timestamp\":5,\"cv\":\"2024-10\",\"data\":{\"source\":8,\"id\":7}}");
        ((ObjectNode) event.get("data")).put("adds", latin1Gzip("[{\"rule\":\"p{color:red}\",\"index\":0}]"));

        decoder.decompress(event);

        assertThat(event).isEqualTo(event("{\"type\":3,\"timestamp\":5,\"data\":{\"source\":8,\"id\":7,"
                + "\"adds\":[{\"rule\":\"p{color:red}\",\"index\":0}]}}"));
    }

    @Test
    void fieldsThatAreNotStringsAndEventsWithoutCvAreLeftAsTheyAre() throws Exception {
        String plain = "{\"type\":3,\"timestamp\":5,\"data\":{\"source\":0,\"texts\":[],\"adds\":[]}}";
        ObjectNode untouched = event(plain);
        decoder.decompress(untouched);
        assertThat(untouched).isEqualTo(event(plain));

        ObjectNode mouse = event("{\"type\":3,\"timestamp\":5,\"cv\":\"2024-10\",\"data\":{\"source\":1,\"positions\":[]}}");
        decoder.decompress(mouse);
        assertThat(mouse).isEqualTo(event("{\"type\":3,\"timestamp\":5,\"data\":{\"source\":1,\"positions\":[]}}"));
    }

    @Test
    void whatCannotBeDecodedIsRefusedNamingTheField() throws Exception {
        assertThatThrownBy(() -> decoder.decompress(event("{\"type\":2,\"cv\":\"2031-01\",\"data\":\"x\"}")))
                .isInstanceOf(UndecodableSnapshotException.class).hasMessageContaining("2031-01");
        assertThatThrownBy(() -> decoder.decompress(event("{\"type\":2,\"cv\":\"2024-10\",\"data\":\"not gzip\"}")))
                .isInstanceOf(UndecodableSnapshotException.class).hasMessageContaining("data: not gzip");

        ObjectNode wide = event("{\"type\":3,\"cv\":\"2024-10\",\"data\":{\"source\":0}}");
        ((ObjectNode) wide.get("data")).put("adds", "\u2603" + latin1Gzip("[]"));
        assertThatThrownBy(() -> decoder.decompress(wide)).hasMessageContaining("data.adds: not a latin1");

        ObjectNode notJson = event("{\"type\":2,\"cv\":\"2024-10\"}");
        notJson.put("data", latin1Gzip("{unquoted"));
        assertThatThrownBy(() -> decoder.decompress(notJson)).hasMessageContaining("not JSON");
    }

    @Test
    void aFieldInflatingPastTheLimitIsRefused() throws Exception {
        ObjectNode bomb = event("{\"type\":2,\"cv\":\"2024-10\"}");
        bomb.put("data", latin1Gzip("[" + "0,".repeat(2_000_000) + "0]"));
        assertThatThrownBy(() -> new CompressedSnapshot(1 << 20).decompress(bomb))
                .isInstanceOf(UndecodableSnapshotException.class).hasMessageContaining("inflates past 1048576");
    }

    private static ObjectNode event(String json) throws IOException {
        return (ObjectNode) JSON.readTree(json);
    }

    /** What posthog-js sends: gzip of the UTF-8 JSON, a char per byte. */
    static String latin1Gzip(String json) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(json.getBytes(StandardCharsets.UTF_8));
        }
        return new String(bytes.toByteArray(), StandardCharsets.ISO_8859_1);
    }
}
