package dev.replaymesh.capture.posthog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replaymesh.capture.testing.SessionLog;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.testing.LocalMesh;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The bodies posthog-js 1.449.2 really sent from headless Chromium (src/test/resources/posthog-js-1.449.2,
 * each with its request line and Content-Type): gzip as text/plain by fetch and by sendBeacon,
 * base64 forms by sendBeacon, plain JSON, a retry. Each is taken as sent, and every rrweb event
 * and kept page view, click and exception lands in Kafka, decompressed.
 */
@QuarkusTest
@WithTestResource(LocalMesh.class)
class PostHogRecordedBodiesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String DIR = "posthog-js-1.449.2/";
    static final Set<String> METADATA = Set.of("$pageview", "$autocapture", "$exception");
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URL server;

    @Test
    void everyRecordedBodyIsTakenAndItsRecordingEventsLandDecompressed() throws Exception {
        Map<String, Integer> expected = new LinkedHashMap<>();
        try (SessionLog log = SessionLog.open()) {
            for (String line : resource("requests.txt").split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                String[] r = line.split(" ");
                byte[] body = bytes(r[0] + ".bin");
                // Sent byte for byte with the recorded Content-Type (a form body is not re-encoded).
                HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(server.toURI().resolve(r[1]))
                        .header("Content-Type", r[2]).header("Origin", "http://shop.test:8721")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(line + ": " + answer.body()).isEqualTo(200);
                assertThat(answer.body()).isEqualTo("{\"status\":1}");
                assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://shop.test:8721");
                count(decode(body), expected);
            }
            assertThat(expected).isNotEmpty();
            for (Map.Entry<String, Integer> session : expected.entrySet()) {
                List<Event> stored = log.read(session.getKey(), session.getValue(), Duration.ofSeconds(20));
                assertThat(stored).as("events of " + session.getKey()).hasSize(session.getValue());
                for (Event e : stored) {
                    JsonNode event = JSON.readTree(e.getPayload().toByteArray());
                    assertThat(event.has("cv")).as("still compressed: " + event).isFalse();
                    if (e.getEventType() == 2) {
                        assertThat(event.path("data").isObject()).isTrue();
                    }
                    assertThat(e.getProject()).isEqualTo("phtest");
                    assertThat(e.getWindowId()).isNotEmpty();
                }
            }
        }
    }

    /** Adds each session's rrweb events and kept metadata events as capture should see them. */
    private static void count(JsonNode body, Map<String, Integer> expected) {
        JsonNode events = body.isArray() ? body : body.path("batch");
        for (JsonNode e : events) {
            String session = e.at("/properties/$session_id").asText(null);
            if (session == null) {
                continue;
            }
            int n = e.path("event").asText().equals("$snapshot") ? e.at("/properties/$snapshot_data").size()
                    : METADATA.contains(e.path("event").asText()) ? 1 : 0;
            if (n > 0) {
                expected.merge(session, n, Integer::sum);
            }
        }
    }

    /** An independent reading of the three encodings, to count what capture must keep. */
    private static JsonNode decode(byte[] body) throws IOException {
        if ((body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                return JSON.readTree(in);
            }
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.startsWith("data=")) {
            String data = URLDecoder.decode(text.substring(5), StandardCharsets.UTF_8);
            return JSON.readTree(Base64.getDecoder().decode(data));
        }
        return JSON.readTree(text);
    }

    private static byte[] bytes(String name) throws IOException {
        try (InputStream in = PostHogRecordedBodiesTest.class.getClassLoader().getResourceAsStream(DIR + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static String resource(String name) throws IOException {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }
}
