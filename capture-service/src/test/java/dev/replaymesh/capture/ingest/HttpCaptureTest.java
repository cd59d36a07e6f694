package dev.replaymesh.capture.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.replaymesh.capture.testing.Recordings;
import dev.replaymesh.capture.testing.SessionLog;
import dev.replaymesh.format.Crc32c;
import dev.replaymesh.format.FrameCodec;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.testing.LocalMesh;
import com.google.protobuf.ByteString;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP ingest against the real broker: what is acknowledged is in Kafka, in order, byte for byte. */
@QuarkusTest
@WithTestResource(LocalMesh.class)
class HttpCaptureTest {

    static final String KEY = "Bearer demo-capture-key";
    static final Duration WAIT = Duration.ofSeconds(20);

    SessionLog log;

    @BeforeEach
    void mark() {
        log = SessionLog.open();
    }

    @AfterEach
    void close() {
        log.close();
    }

    @Test
    void ndjsonBatchLandsInOrderAndByteExact() {
        String session = Recordings.sessionId();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            lines.add(Recordings.event(1_700_000_000_000L + i, 1000).replace("{\"type\"", "{\"seq\":" + (i + 1) + ",\"windowId\":\"w-1\",\"type\""));
        }
        Response response = post(session, "application/x-ndjson", Recordings.utf8(String.join("\n", lines) + "\n"));
        response.then().statusCode(202).body("accepted", equalTo(100));
        long first = response.jsonPath().getLong("firstSeq");
        long last = response.jsonPath().getLong("lastSeq");
        assertThat(last - first).isGreaterThanOrEqualTo(99);

        List<Event> stored = log.read(session, 100, WAIT);
        assertThat(stored).hasSize(100);
        for (int i = 0; i < 100; i++) {
            Event e = stored.get(i);
            assertThat(e.getPayload().toStringUtf8()).isEqualTo(lines.get(i));
            assertThat(e.getPayloadCrc32C()).isEqualTo(Crc32c.of(e.getPayload().toByteArray()));
            assertThat(e.getClientSeq()).isEqualTo(i + 1);
            assertThat(e.getWindowId()).isEqualTo("w-1");
            assertThat(e.getProject()).isEqualTo("demo");
            assertThat(e.getSessionId()).isEqualTo(session);
            assertThat(e.getEventType()).isEqualTo(3);
            assertThat(e.getClientTimestampMs()).isEqualTo(1_700_000_000_000L + i);
            assertThat(e.getServerReceivedMs()).isPositive();
        }
    }

    @Test
    void jsonArrayIsAcceptedAndPrettyEventsAreStoredOnOneLine() {
        String session = Recordings.sessionId();
        String body = "[\n  {\"type\": 4, \"timestamp\": 1700000000000,\n   \"data\": {\"href\": \"https://example.test/\", \"width\": 1280, \"height\": 720}},\n"
                + "  {\"type\":3,\"timestamp\":1700000000001,\"data\":{\"source\":2,\"type\":2,\"id\":5}}\n]";
        post(session, "application/json", Recordings.utf8(body)).then().statusCode(202).body("accepted", equalTo(2));

        List<Event> stored = log.read(session, 2, WAIT);
        assertThat(stored).extracting(e -> e.getPayload().toStringUtf8()).containsExactly(
                "{\"type\":4,\"timestamp\":1700000000000,\"data\":{\"href\":\"https://example.test/\",\"width\":1280,\"height\":720}}",
                "{\"type\":3,\"timestamp\":1700000000001,\"data\":{\"source\":2,\"type\":2,\"id\":5}}");
    }

    @Test
    void protobufFramesAreAccepted() {
        String session = Recordings.sessionId();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<String> payloads = List.of(Recordings.event(1, 300), Recordings.event(2, 500));
        for (int i = 0; i < payloads.size(); i++) {
            byte[] payload = Recordings.utf8(payloads.get(i));
            body.writeBytes(new FrameCodec().encode(Event.newBuilder()
                    .setClientSeq(i + 1)
                    .setWindowId("tab")
                    .setPayload(ByteString.copyFrom(payload))
                    .setPayloadCrc32C(Crc32c.of(payload))
                    .build()));
        }
        post(session, "application/x-protobuf", body.toByteArray()).then().statusCode(202).body("accepted", equalTo(2));

        List<Event> stored = log.read(session, 2, WAIT);
        assertThat(stored).extracting(e -> e.getPayload().toStringUtf8()).containsExactlyElementsOf(payloads);
        assertThat(stored).extracting(Event::getClientSeq).containsExactly(1L, 2L);
        assertThat(stored).extracting(Event::getWindowId).containsOnly("tab");
    }

    @Test
    void gzipBodyIsInflated() throws IOException {
        String session = Recordings.sessionId();
        String lines = Recordings.event(1, 800) + "\n" + Recordings.event(2, 800);
        given().header("Authorization", KEY)
                .header("Content-Encoding", "gzip")
                .contentType("application/x-ndjson")
                .body(gzip(Recordings.utf8(lines)))
                .post("/v1/sessions/{id}/events", session)
                .then().statusCode(202).body("accepted", equalTo(2));
        assertThat(log.read(session, 2, WAIT)).extracting(e -> e.getPayload().toStringUtf8())
                .containsExactly(lines.split("\n"));
    }

    @Test
    void fiveMegabyteFullSnapshotPassesWhole() {
        String session = Recordings.sessionId();
        String snapshot = Recordings.fullSnapshot(1_700_000_000_000L, 5 * 1024 * 1024);
        post(session, "application/x-ndjson", Recordings.utf8(snapshot)).then().statusCode(202).body("accepted", equalTo(1));
        List<Event> stored = log.read(session, 1, WAIT);
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).getPayload().toByteArray()).isEqualTo(Recordings.utf8(snapshot));
        assertThat(stored.get(0).getEventType()).isEqualTo(2);
    }

    @Test
    void missingOrUnknownKeyIs401() {
        String session = Recordings.sessionId();
        given().contentType("application/x-ndjson").body(Recordings.utf8(Recordings.event(1, 100)))
                .post("/v1/sessions/{id}/events", session)
                .then().statusCode(401).body("error", equalTo("unauthenticated"));
        given().header("Authorization", "Bearer not-a-key").contentType("application/x-ndjson").body(Recordings.utf8(Recordings.event(1, 100)))
                .post("/v1/sessions/{id}/events", session)
                .then().statusCode(401);
        assertNothingStoredBefore(session);
    }

    @Test
    void metricsCountAcceptedAndRefusedByReason() {
        String session = Recordings.sessionId();
        post(session, "application/x-ndjson", Recordings.utf8(Recordings.event(1, 100))).then().statusCode(202);
        given().contentType("application/x-ndjson").body(Recordings.utf8(Recordings.event(1, 100)))
                .post("/v1/sessions/{id}/events", session).then().statusCode(401);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .containsPattern("replay_capture_events_accepted_total\\{transport=\"http\"} [1-9]")
                .containsPattern("replay_capture_bytes_accepted_total\\{transport=\"http\"} [1-9]")
                .containsPattern("replay_capture_requests_refused_total\\{reason=\"unauthenticated\",transport=\"http\"} [1-9]");
    }

    @Test
    void badSessionIdIs400() {
        post("bad.id", "application/x-ndjson", Recordings.utf8(Recordings.event(1, 100)))
                .then().statusCode(400).body("message", containsString("session id"));
        post("x".repeat(129), "application/x-ndjson", Recordings.utf8(Recordings.event(1, 100)))
                .then().statusCode(400);
    }

    @Test
    void badLineIs400NamingTheLineAndRefusesTheWholeBatch() {
        String session = Recordings.sessionId();
        String body = Recordings.event(1, 100) + "\n{\"type\":\"3\",\"timestamp\":2}\n" + Recordings.event(3, 100);
        post(session, "application/x-ndjson", Recordings.utf8(body))
                .then().statusCode(400).body("error", equalTo("invalid")).body("message", containsString("line 2"));
        post(session, "application/x-ndjson", Recordings.utf8(Recordings.event(1, 100) + "\n[1,2]"))
                .then().statusCode(400).body("message", containsString("line 2: expected a JSON object"));
        post(session, "application/x-ndjson", Recordings.utf8("{\"type\":3}"))
                .then().statusCode(400).body("message", containsString("timestamp"));
        post(session, "application/x-ndjson", Recordings.utf8("{\"type\":3,\"timestamp\":1"))
                .then().statusCode(400).body("message", containsString("line 1"));
        post(session, "application/json", Recordings.utf8("[{\"type\":3,\"timestamp\":1},{\"timestamp\":1}]"))
                .then().statusCode(400).body("message", containsString("event 2"));
        post(session, "text/plain", Recordings.utf8(Recordings.event(1, 100))).then().statusCode(415);
        assertNothingStoredBefore(session);
    }

    @Test
    void corruptProtobufFrameIs400() {
        String session = Recordings.sessionId();
        byte[] payload = Recordings.utf8(Recordings.event(1, 200));
        byte[] frame = new FrameCodec().encode(Event.newBuilder().setPayload(ByteString.copyFrom(payload))
                .setPayloadCrc32C(Crc32c.of(payload)).build());
        frame[frame.length / 2] ^= 0x20;
        post(session, "application/x-protobuf", frame).then().statusCode(400).body("message", containsString("frame 1"));
        assertNothingStoredBefore(session);
    }

    /** Sends one valid event for the session and checks that it is the only one stored. */
    private void assertNothingStoredBefore(String session) {
        String sentinel = Recordings.event(42, 100);
        post(session, "application/x-ndjson", Recordings.utf8(sentinel)).then().statusCode(202);
        assertThat(log.read(session, 1, WAIT)).extracting(e -> e.getPayload().toStringUtf8()).containsExactly(sentinel);
    }

    static Response post(String session, String contentType, byte[] body) {
        return given().header("Authorization", KEY).contentType(contentType).body(body)
                .post("/v1/sessions/{id}/events", session);
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }
}
