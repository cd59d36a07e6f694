package dev.replaymesh.capture.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.replaymesh.capture.testing.Recordings;
import dev.replaymesh.capture.testing.SessionLog;
import dev.replaymesh.testing.LocalMesh;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Size limits, with small limits configured so that the tests stay light. */
@QuarkusTest
@TestProfile(LimitsTest.SmallLimits.class)
@WithTestResource(LocalMesh.class)
class LimitsTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "replay.capture.limits.max-body", "1M",
                    "replay.capture.limits.max-inflated-body", "2M",
                    "replay.capture.limits.max-event", "256K",
                    "replay.capture.limits.max-events-per-batch", "50");
        }
    }

    @Test
    void bodyOverTheLimitIs413() {
        given().header("Authorization", HttpCaptureTest.KEY).contentType("application/x-ndjson")
                .body(Recordings.utf8(Recordings.event(1, 1_200_000)))
                .post("/v1/sessions/{id}/events", Recordings.sessionId())
                .then().statusCode(413);
    }

    @Test
    void eventOverTheLimitIs413NamingIt() {
        String body = Recordings.event(1, 100) + "\n" + Recordings.event(2, 300_000);
        given().header("Authorization", HttpCaptureTest.KEY).contentType("application/x-ndjson")
                .body(Recordings.utf8(body))
                .post("/v1/sessions/{id}/events", Recordings.sessionId())
                .then().statusCode(413).body("error", equalTo("too_large")).body("message", containsString("line 2"));
    }

    @Test
    void tooManyEventsIs413() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 51; i++) {
            body.append(Recordings.event(i, 60)).append('\n');
        }
        given().header("Authorization", HttpCaptureTest.KEY).contentType("application/x-ndjson")
                .body(Recordings.utf8(body.toString()))
                .post("/v1/sessions/{id}/events", Recordings.sessionId())
                .then().statusCode(413).body("message", containsString("more than 50 events"));
    }

    @Test
    void decompressionBombIs413WithoutInflatingItAll() throws IOException {
        // 64 MB of zeros gzip to about 64 KB; inflation must stop at the 2 MB limit.
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(compressed)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                gz.write(zeros);
            }
        }
        String session = Recordings.sessionId();
        try (SessionLog log = SessionLog.open()) {
            given().header("Authorization", HttpCaptureTest.KEY).header("Content-Encoding", "gzip")
                    .contentType("application/x-ndjson").body(compressed.toByteArray())
                    .post("/v1/sessions/{id}/events", session)
                    .then().statusCode(413).body("message", containsString("inflates past"));
            HttpCaptureTest.post(session, "application/x-ndjson", Recordings.utf8(Recordings.event(7, 100))).then().statusCode(202);
            assertThat(log.read(session, 1, HttpCaptureTest.WAIT)).hasSize(1);
        }
    }
}
