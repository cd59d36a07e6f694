package dev.replaymesh.playback.importing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.replaymesh.contract.Topics;
import dev.replaymesh.format.portable.PackageLayout;
import dev.replaymesh.playback.testing.SessionFixture;
import dev.replaymesh.playback.testing.SyntheticSession;
import dev.replaymesh.playback.testing.TopicTail;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.store.objectstore.ObjectStore;
import dev.replaymesh.testing.Fixtures;
import dev.replaymesh.testing.LocalMesh;
import dev.replaymesh.testing.Zips;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** POST /v1/import against the real broker and bucket: what is taken goes to replay.capture.v1, what is refused sends nothing. */
@QuarkusTest
@WithTestResource(LocalMesh.class)
class ImportTest {

    static final String READ = "Bearer demo-read-key";
    static final String IMPORT = "Bearer demo-import-key";
    static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    ObjectStore store;

    @Test
    void aPackageBecomesANewSessionOnTheCaptureTopicWithItsOriginKept() throws Exception {
        List<Event> stored = storedRecording("w1", "w2");
        byte[] zip = export(id(stored), "package");
        try (TopicTail capture = new TopicTail(LocalMesh.kafkaBootstrapServers(), Topics.CAPTURE)) {
            JsonPath answer = given().header("Authorization", IMPORT).contentType("application/zip").body(zip)
                    .post("/v1/import").then().statusCode(201).extract().jsonPath();
            String newId = answer.getString("sessionId");
            assertThat(newId).isNotEqualTo(id(stored)).matches("[0-9a-f-]{36}");
            assertThat(answer.getLong("events")).isEqualTo(stored.size());
            assertThat(answer.getString("origin.sessionId")).isEqualTo(id(stored));
            assertThat(answer.getBoolean("origin.signature.signed")).isTrue();
            assertThat(answer.getBoolean("origin.signature.trusted")).as("signed by this instance").isTrue();
            assertThat(answer.getString("origin.signature.signer")).isEqualTo("playback-test");

            List<Event> sent = capture.read(newId, stored.size(), WAIT);
            assertThat(sent).extracting(e -> e.getPayload().toStringUtf8())
                    .containsExactlyElementsOf(stored.stream().map(e -> e.getPayload().toStringUtf8()).toList());
            assertThat(sent).extracting(Event::getWindowId)
                    .containsExactlyElementsOf(stored.stream().map(Event::getWindowId).toList());
            assertThat(sent).extracting(Event::getClientSeq).isSorted().doesNotHaveDuplicates();
            assertThat(sent).allSatisfy(e -> {
                assertThat(e.getProject()).isEqualTo("demo");
                assertThat(e.getDistinctId()).isEqualTo("user-7");
                assertThat(dev.replaymesh.format.Events.hasValidPayloadCrc(e)).isTrue();
            });
            assertThat(store.get("sessions/demo/" + newId + "/origin.json")).isPresent();
        }
    }

    @Test
    void aTamperedPackageIsRefusedNamingTheFileAndSendsNothing() throws Exception {
        List<Event> stored = storedRecording("w1");
        Map<String, byte[]> files = Zips.unzip(export(id(stored), "package"));
        byte[] events = files.get(PackageLayout.EVENTS);
        events[events.length / 3] = (byte) (events[events.length / 3] == 'a' ? 'b' : 'a');
        try (TopicTail capture = new TopicTail(LocalMesh.kafkaBootstrapServers(), Topics.CAPTURE)) {
            given().header("Authorization", IMPORT).body(Zips.zip(files)).post("/v1/import").then().statusCode(400)
                    .body("error", equalTo("tampered")).body("file", equalTo(PackageLayout.EVENTS));
            assertThat(capture.drain(Duration.ofSeconds(2))).isZero();
        }
    }

    @Test
    void unsafeAndOversizedFilesAreRefused() throws Exception {
        Map<String, byte[]> slip = new LinkedHashMap<>();
        slip.put("../../etc/cron.d/evil", "* * * * * root rm -rf /".getBytes(StandardCharsets.UTF_8));
        given().header("Authorization", IMPORT).body(Zips.zip(slip)).post("/v1/import").then().statusCode(400)
                .body("error", equalTo("unsafe"));
        Map<String, byte[]> bomb = new LinkedHashMap<>();
        bomb.put(PackageLayout.EVENTS, new byte[256 << 20]);
        given().header("Authorization", IMPORT).body(Zips.zip(bomb)).post("/v1/import").then().statusCode(413)
                .body("error", equalTo("too_large"));
        given().header("Authorization", IMPORT).body("hello").post("/v1/import").then().statusCode(400)
                .body("error", equalTo("malformed"));
        given().header("Authorization", READ).body("{}").post("/v1/import").then().statusCode(401);
    }

    @Test
    void postHogExportsOfBothVersionsImport() throws Exception {
        List<Event> stored = storedRecording("tab-a", "tab-b");
        byte[] posthog = export(id(stored), "posthog");
        try (TopicTail capture = new TopicTail(LocalMesh.kafkaBootstrapServers(), Topics.CAPTURE)) {
            JsonPath answer = given().header("Authorization", IMPORT).contentType("application/json").body(posthog)
                    .post("/v1/import").then().statusCode(201).extract().jsonPath();
            assertThat(answer.getString("origin.source")).isEqualTo("posthog");
            assertThat(answer.getString("origin.sessionId")).isEqualTo(id(stored));
            List<Event> sent = capture.read(answer.getString("sessionId"), stored.size(), WAIT);
            assertThat(sent).hasSize(stored.size());
            assertThat(sent).extracting(Event::getClientTimestampMs).isSorted();
            assertThat(sent).extracting(Event::getWindowId).containsOnly("posthog-window-1", "posthog-window-2");
            assertThat(sent.get(0).getPayload().toStringUtf8()).doesNotContain("windowId");
        }
        String legacy = "{\"version\":\"2022-12-02\",\"data\":{\"person\":null,\"snapshotsByWindowId\":{"
                + "\"uuid-b\":[{\"type\":3,\"timestamp\":1700000000300,\"data\":{\"source\":1,\"positions\":[]}}],"
                + "\"uuid-a\":[{\"type\":4,\"timestamp\":1700000000000,\"data\":{\"href\":\"https://x\",\"width\":800,\"height\":600}},"
                + "{\"type\":2,\"timestamp\":1700000000001,\"data\":{\"node\":{\"type\":0,\"childNodes\":[],\"id\":1},"
                + "\"initialOffset\":{\"top\":0,\"left\":0}}}]}}}";
        try (TopicTail capture = new TopicTail(LocalMesh.kafkaBootstrapServers(), Topics.CAPTURE)) {
            String newId = given().header("Authorization", IMPORT).body(legacy).post("/v1/import").then()
                    .statusCode(201).extract().jsonPath().getString("sessionId");
            assertThat(capture.read(newId, 3, WAIT)).extracting(Event::getEventType).containsExactly(4, 2, 3);
        }
        given().header("Authorization", IMPORT).body("{\"version\":\"2099-01-01\",\"data\":{}}").post("/v1/import")
                .then().statusCode(400).body("message", org.hamcrest.Matchers.containsString("not supported"));
    }

    private List<Event> storedRecording(String... windows) {
        List<Event> events = SyntheticSession.recorded("demo", SyntheticSession.newId(),
                Fixtures.events("shop-checkout"), windows);
        new SessionFixture(store).store(events, 100);
        return events;
    }

    private static byte[] export(String id, String format) {
        return given().header("Authorization", READ).get("/v1/sessions/" + id + "/export?format=" + format).then()
                .statusCode(200).extract().asByteArray();
    }

    private static String id(List<Event> events) {
        return events.get(0).getSessionId();
    }

}
