package dev.replaymesh.capture.kafka;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.google.protobuf.ByteString;
import dev.replaymesh.capture.testing.CaptureStream;
import dev.replaymesh.capture.testing.Recordings;
import dev.replaymesh.capture.testing.SessionLog;
import dev.replaymesh.proto.v1.CaptureBatch;
import dev.replaymesh.proto.v1.CapturedEvent;
import dev.replaymesh.testing.DedicatedKafka;
import dev.replaymesh.testing.InjectKafkaBroker;
import dev.replaymesh.testing.KafkaBroker;
import io.grpc.Status;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With Kafka stopped nothing is acknowledged: HTTP says 503, gRPC UNAVAILABLE; then it recovers. */
@QuarkusTest
@TestProfile(KafkaDownTest.ShortAckTimeout.class)
@WithTestResource(value = DedicatedKafka.class, initArgs = @ResourceArg(name = "s3", value = "false"))
class KafkaDownTest {

    public static class ShortAckTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("replay.capture.kafka.ack-timeout", "4s");
        }
    }

    @InjectKafkaBroker
    KafkaBroker kafka;

    @TestHTTPResource("/")
    URL server;

    @Test
    void nothingIsAcknowledgedWhileKafkaIsDownAndCaptureRecovers() throws Exception {
        String session = Recordings.sessionId();
        String before = Recordings.event(1, 200);
        try (SessionLog log = SessionLog.open(kafka.bootstrapServers())) {
            post(session, before).then().statusCode(202);

            kafka.stop();
            Response refused = post(session, Recordings.event(2, 200));
            refused.then().statusCode(503).body("error", equalTo("unavailable"));
            assertThat(refused.getHeader("Retry-After")).isEqualTo("5");

            try (CaptureStream stream = new CaptureStream(server, "demo-capture-key")) {
                stream.send(CaptureBatch.newBuilder().setBatchId(1).setSessionId(session)
                        .addEvents(CapturedEvent.newBuilder().setSeq(3).setPayload(ByteString.copyFromUtf8(Recordings.event(3, 200))))
                        .build());
                assertThat(stream.end(Duration.ofSeconds(30))).extracting(Status::getCode).isEqualTo(Status.Code.UNAVAILABLE);
                assertThat(stream.nextAck(Duration.ZERO)).isNull();
            }
            given().get("/q/health/ready").then().statusCode(503);

            kafka.start();
            String after = Recordings.event(4, 200);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int status;
            do {
                status = post(session, after).statusCode();
            } while (status != 202 && System.nanoTime() < deadline);
            assertThat(status).as("capture accepts again once Kafka is back").isEqualTo(202);

            // What was acknowledged before the outage is there, and so is the event accepted after.
            assertThat(log.read(session, 2, Duration.ofSeconds(20)))
                    .extracting(e -> e.getPayload().toStringUtf8())
                    .contains(before, after)
                    .startsWith(before);
        }
    }

    static Response post(String session, String line) {
        return given().header("Authorization", "Bearer demo-capture-key").contentType("application/x-ndjson")
                .body(Recordings.utf8(line)).post("/v1/sessions/{id}/events", session);
    }
}
