package dev.replaymesh.capture.posthog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaymesh.capture.testing.SessionLog;
import dev.replaymesh.contract.SessionIds;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.testing.LocalMesh;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * posthog-js's snapshot and event endpoints against the real broker, with the bodies posthog-js
 * sends: gzip as text/plain, base64 forms, plain JSON; compressed ({@code cv: "2024-10"}) rrweb
 * fields arrive in Kafka decoded.
 */
@QuarkusTest
@WithTestResource(LocalMesh.class)
class PostHogCaptureTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "demo-capture-key";
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String PAGE = "<html><body><input type=\"email\" value=\"\"><ul><li>one</li></ul></body></html>";

    SessionLog log;

    @BeforeEach
    void open() {
        log = SessionLog.open();
    }

    @AfterEach
    void close() {
        log.close();
    }

    @Test
    void gzipSentAsTextPlainLandsDecodedInOrderWithItsWindowAndPerson() throws Exception {
        String session = SessionIds.newId();
        byte[] body = gzip(snapshotBatch(session, "w-1"));

        given().contentType("text/plain").queryParam("compression", "gzip-js").queryParam("ver", "1.449.2")
                .body(body).post("/s/")
                .then().statusCode(200).body("status", equalTo(1));

        assertDecodedSession(log.read(session, 4, WAIT), session, "w-1");
    }

    @Test
    void base64FormBodiesAndPlainJsonAreReadToo() throws Exception {
        String first = SessionIds.newId();
        String b64 = Base64.getEncoder().encodeToString(snapshotBatch(first, "w-2").getBytes(StandardCharsets.UTF_8));
        given().contentType("application/x-www-form-urlencoded").queryParam("compression", "base64")
                .body("data=" + URLEncoder.encode(b64, StandardCharsets.UTF_8)).post("/s/")
                .then().statusCode(200);
        assertDecodedSession(log.read(first, 4, WAIT), first, "w-2");

        String second = SessionIds.newId();
        given().contentType("application/json").body(snapshotBatch(second, "w-3")).post("/s")
                .then().statusCode(200);
        assertDecodedSession(log.read(second, 4, WAIT), second, "w-3");
    }

    @Test
    void aCompressedFieldThatCannotBeDecodedIsLeftOutAndTheRestKept() throws Exception {
        String session = SessionIds.newId();
        ObjectNode batch = (ObjectNode) JSON.readTree(snapshotBatch(session, "w-1")).get(0);
        ArrayNode data = (ArrayNode) batch.with("properties").get("$snapshot_data");
        ((ObjectNode) data.get(2).get("data")).put("adds", "\u001f\u008bnot really gzip");

        given().contentType("text/plain").body(gzip("[" + batch + "]")).post("/s/").then().statusCode(200);

        List<Event> stored = log.read(session, 3, WAIT);
        assertThat(stored).extracting(Event::getEventType).containsExactly(4, 2, 3);
        assertThat(stored.get(2).getPayload().toStringUtf8()).contains("\"source\":1").doesNotContain("cv");
        assertThat(log.read(session, 4, Duration.ofSeconds(2))).hasSize(3);
    }

    @Test
    void pageViewsClicksAndExceptionsOfASessionBecomeCustomEventsAndOtherEventsAreOnlyCounted() throws Exception {
        String session = SessionIds.newId();
        String events = "[" + plain("$pageview", session, "{\"$current_url\":\"https://shop.test/cart\",\"$pathname\":\"/cart\",\"$browser\":\"Chrome\"}")
                + "," + plain("$autocapture", session, "{\"$event_type\":\"click\",\"$el_text\":\"Pay\",\"$current_url\":\"https://shop.test/cart\"}")
                + "," + plain("signed_up", session, "{\"plan\":\"pro\"}")
                + "," + plain("$exception", session, "{\"$exception_list\":[{\"type\":\"TypeError\",\"value\":\"x is undefined\"}]}")
                + "]";

        given().contentType("application/json").body(events).post("/e/").then().statusCode(200).body("status", equalTo(1));

        List<Event> stored = log.read(session, 3, WAIT);
        assertThat(stored).extracting(Event::getEventType).containsOnly(5);
        assertThat(stored).extracting(e -> tree(e).at("/data/tag").asText())
                .containsExactly("$pageview", "$autocapture", "$exception");
        JsonNode pageview = tree(stored.get(0));
        assertThat(pageview.at("/data/payload/$current_url").asText()).isEqualTo("https://shop.test/cart");
        assertThat(pageview.at("/data/payload/$browser").isMissingNode()).isTrue();
        assertThat(pageview.get("timestamp").asLong()).isEqualTo(1_700_000_000_000L);
        assertThat(stored.get(0).getWindowId()).isEqualTo("w-1");
        assertThat(log.read(session, 4, Duration.ofSeconds(2))).hasSize(3);
    }

    @Test
    void badBodiesAndUnknownTokensGetAClearErrorAndNothingIsWritten() throws Exception {
        String session = SessionIds.newId();
        given().contentType("text/plain").body("this is not json").post("/s/")
                .then().statusCode(400).body("message", containsString("neither JSON nor"));
        given().contentType("application/json").body(snapshotBatch(session, "w-1").replace(TOKEN, "phc_unknown"))
                .post("/s/").then().statusCode(401).body("message", containsString("unknown project token"));
        given().contentType("text/plain").body(new byte[] {0x1f, (byte) 0x8b, 1, 2, 3}).post("/s/")
                .then().statusCode(400).body("message", containsString("gzip"));
        assertThat(log.read(session, 1, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void browsersMayCallFromAnyOriginAndPreflightOncePerDay() {
        for (String path : List.of("/s/", "/e/", "/v1/sessions/abc/events")) {
            given().header("Origin", "https://shop.test").header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "authorization,content-type")
                    .options(path)
                    .then().statusCode(200)
                    .header("Access-Control-Allow-Origin", "https://shop.test")
                    .header("Access-Control-Allow-Headers", containsString("Authorization"))
                    .header("Access-Control-Max-Age", "86400");
        }
        given().header("Origin", "https://shop.test").contentType("application/json").body("[]").post("/e/")
                .then().statusCode(200).header("Access-Control-Allow-Origin", "https://shop.test");
    }

    private static void assertDecodedSession(List<Event> stored, String session, String window) throws IOException {
        assertThat(stored).extracting(Event::getEventType).containsExactly(4, 2, 3, 3);
        for (Event e : stored) {
            assertThat(e.getSessionId()).isEqualTo(session);
            assertThat(e.getWindowId()).isEqualTo(window);
            assertThat(e.getProject()).isEqualTo("demo");
            assertThat(e.getDistinctId()).isEqualTo("user-7");
            assertThat(e.getPayload().toStringUtf8()).doesNotContain("\"cv\"");
        }
        JsonNode full = tree(stored.get(1));
        assertThat(full.at("/data/node/childNodes/0/textContent").asText()).isEqualTo(PAGE);
        JsonNode mutation = tree(stored.get(2));
        assertThat(mutation.at("/data/adds/0/node/textContent").asText()).isEqualTo("two");
        assertThat(mutation.at("/data/texts").isArray()).isTrue();
        assertThat(stored.get(1).getClientTimestampMs()).isEqualTo(1_700_000_000_001L);
    }

    private static JsonNode tree(Event e) {
        try {
            return JSON.readTree(e.getPayload().toByteArray());
        } catch (IOException x) {
            throw new AssertionError(x);
        }
    }

    /** One $snapshot as posthog-js 1.4xx sends it: Meta, compressed FullSnapshot, compressed Mutation, mouse move. */
    static String snapshotBatch(String session, String window) throws IOException {
        String fullData = "{\"node\":{\"type\":0,\"id\":1,\"childNodes\":[{\"type\":3,\"id\":2,\"textContent\":"
                + JSON.writeValueAsString(PAGE) + "}]},\"initialOffset\":{\"top\":0,\"left\":0}}";
        String adds = "[{\"parentId\":2,\"nextId\":null,\"node\":{\"type\":3,\"id\":3,\"textContent\":\"two\"}}]";
        String snapshots = "["
                + "{\"type\":4,\"timestamp\":1700000000000,\"data\":{\"href\":\"https://shop.test/\",\"width\":1280,\"height\":720}},"
                + "{\"type\":2,\"timestamp\":1700000000001,\"cv\":\"2024-10\",\"data\":" + JSON.writeValueAsString(latin1Gzip(fullData)) + "},"
                + "{\"type\":3,\"timestamp\":1700000000002,\"cv\":\"2024-10\",\"data\":{\"source\":0,"
                + "\"texts\":" + JSON.writeValueAsString(latin1Gzip("[]")) + ",\"attributes\":" + JSON.writeValueAsString(latin1Gzip("[]"))
                + ",\"removes\":" + JSON.writeValueAsString(latin1Gzip("[]")) + ",\"adds\":" + JSON.writeValueAsString(latin1Gzip(adds)) + "}},"
                + "{\"type\":3,\"timestamp\":1700000000003,\"data\":{\"source\":1,\"positions\":[{\"x\":1,\"y\":2,\"id\":2,\"timeOffset\":0}]}}"
                + "]";
        return "[{\"uuid\":\"0190a1b2-0000-7000-8000-000000000001\",\"event\":\"$snapshot\",\"properties\":{"
                + "\"$snapshot_bytes\":1234,\"$snapshot_data\":" + snapshots + ",\"$session_id\":\"" + session + "\","
                + "\"$window_id\":\"" + window + "\",\"distinct_id\":\"user-7\",\"token\":\"" + TOKEN + "\","
                + "\"$lib\":\"web\",\"$lib_version\":\"1.449.2\"},\"timestamp\":\"2023-11-14T22:13:20.004Z\"}]";
    }

    static String plain(String name, String session, String properties) throws IOException {
        ObjectNode props = (ObjectNode) JSON.readTree(properties);
        props.put("token", TOKEN).put("distinct_id", "user-7").put("$session_id", session).put("$window_id", "w-1");
        ObjectNode event = JSON.createObjectNode().put("uuid", SessionIds.newId()).put("event", name)
                .put("timestamp", "2023-11-14T22:13:20.000Z");
        event.set("properties", props);
        return event.toString();
    }

    static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    static String latin1Gzip(String json) throws IOException {
        return new String(gzip(json), StandardCharsets.ISO_8859_1);
    }
}
