package dev.replaymesh.redaction.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.replaymesh.contract.Topics;
import dev.replaymesh.format.Crc32c;
import dev.replaymesh.format.FrameCodec;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.redaction.mirror.Protection;
import dev.replaymesh.redaction.service.SessionMirrors;
import dev.replaymesh.testing.DedicatedKafka;
import dev.replaymesh.testing.InjectKafkaBroker;
import dev.replaymesh.testing.KafkaBroker;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The redaction service over a real broker (one of its own, so the topics hold only these
 * tests' events): the rrweb recording made in Chromium goes in on replay.capture.v1 and comes out
 * on replay.redacted.v1 with every planted secret gone, and the reports say what was removed.
 */
@QuarkusTest
@WithTestResource(value = DedicatedKafka.class, initArgs = @ResourceArg(name = "s3", value = "false"))
class RedactionPipelineTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final FrameCodec FRAMES = new FrameCodec();
    static final Duration WAIT = Duration.ofSeconds(60);
    static List<String> recording;
    static JsonNode planted;

    @InjectKafkaBroker
    KafkaBroker kafka;

    @Inject
    SessionMirrors mirrors;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = resource("fixtures/login-recording.ndjson")) {
            recording = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
        try (InputStream in = resource("fixtures/login-recording.planted.json")) {
            planted = JSON.readTree(in);
        }
    }

    @Test
    void readyWithKafkaAndTheRulesInForce() {
        io.restassured.RestAssured.given().get("/q/health/ready").then().statusCode(200);
        io.restassured.RestAssured.given().get("/v1/rules").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.startsWith("default-1@"));
    }

    @Test
    void recordingComesOutRedactedWithItsReport() throws Exception {
        String session = "s-" + UUID.randomUUID();
        Topic.produce(kafka.bootstrapServers(), Topics.CAPTURE, session, envelopes(session, recording));

        List<Event> out = redacted(session, recording.size() - 20);
        String stream = payloads(out);
        assertNoSecret(stream);
        for (Event e : out) {
            assertThat(e.getPayloadCrc32C()).isEqualTo(Crc32c.of(e.getPayload()));
            assertThat(e.getRedactedWith()).matches("default-1@[0-9a-f]{16}");
        }
        assertThat(out).extracting(Event::getCaptureOffset).isSorted().doesNotHaveDuplicates();

        List<JsonNode> reports = reports(session);
        long seen = reports.stream().mapToLong(r -> r.get("seen").asLong()).sum();
        long dropped = reports.stream().mapToLong(r -> r.get("dropped").asLong()).sum();
        assertThat(seen).isEqualTo(recording.size());
        assertThat(out).hasSize((int) (seen - dropped));
        assertThat(rules(reports)).contains("block-private", "mask-text", "ignore-input", "email", "input:password");
        assertThat(reports.toString()).doesNotContain("jane.doe@example.com", "correct-Horse-battery-9!");
    }

    @Test
    void aSessionWhoseMirrorWasLostFailsClosedAndSaysSo() throws Exception {
        String session = "s-" + UUID.randomUUID();
        int half = recording.size() / 2;
        Topic.produce(kafka.bootstrapServers(), Topics.CAPTURE, session, envelopes(session, recording.subList(0, half)));
        redacted(session, half - 20);

        // What a restart, an eviction or a partition moving to another replica does to the session.
        mirrors.clear();
        List<String> rest = recording.subList(half, recording.size()).stream()
                .filter(l -> !l.startsWith("{\"type\":2,")).toList();
        Topic.produce(kafka.bootstrapServers(), Topics.CAPTURE, session, envelopes(session, rest));

        List<Event> out = redacted(session, half + rest.size() - 40);
        assertNoSecret(payloads(out));
        assertThat(rules(reports(session))).contains(Protection.FAIL_CLOSED);
    }

    private List<Event> redacted(String session, int atLeast) {
        List<Event> events = new ArrayList<>();
        for (byte[] frame : Topic.read(kafka.bootstrapServers(), Topics.REDACTED, session, atLeast, WAIT)) {
            events.add(FRAMES.decode(frame));
        }
        assertThat(events.size()).as("redacted events of " + session).isGreaterThanOrEqualTo(atLeast);
        return events;
    }

    private List<JsonNode> reports(String session) throws IOException {
        List<JsonNode> reports = new ArrayList<>();
        for (byte[] value : Topic.read(kafka.bootstrapServers(), Topics.REDACTION_REPORTS, session, 1, WAIT)) {
            reports.add(JSON.readTree(value));
        }
        assertThat(reports).isNotEmpty();
        return reports;
    }

    private static List<String> rules(List<JsonNode> reports) {
        List<String> rules = new ArrayList<>();
        reports.forEach(r -> r.get("removed").forEach(line -> rules.add(line.get("rule").asText())));
        return rules;
    }

    private static void assertNoSecret(String stream) {
        for (String field : List.of("emails", "cards", "passwords", "jwts", "blockedTexts", "maskedTexts", "ignoredInputValues")) {
            for (JsonNode secret : planted.get(field)) {
                assertThat(stream).as(field).doesNotContain(secret.asText());
            }
        }
    }

    private static String payloads(List<Event> events) {
        return String.join("\n", events.stream().map(e -> e.getPayload().toStringUtf8()).toList());
    }

    private static List<byte[]> envelopes(String session, List<String> lines) throws IOException {
        List<byte[]> frames = new ArrayList<>();
        for (String line : lines) {
            byte[] payload = line.getBytes(StandardCharsets.UTF_8);
            JsonNode event = JSON.readTree(payload);
            frames.add(FRAMES.encode(Event.newBuilder()
                    .setProject("demo")
                    .setSessionId(session)
                    .setClientTimestampMs(event.path("timestamp").asLong())
                    .setEventType(event.path("type").asInt())
                    .setPayload(ByteString.copyFrom(payload))
                    .setPayloadCrc32C(Crc32c.of(payload))
                    .build()));
        }
        return frames;
    }

    private static InputStream resource(String name) {
        return RedactionPipelineTest.class.getClassLoader().getResourceAsStream(name);
    }
}
