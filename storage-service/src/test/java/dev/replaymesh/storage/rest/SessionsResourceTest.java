package dev.replaymesh.storage.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.replaymesh.contract.Topics;
import dev.replaymesh.format.FrameCodec;
import dev.replaymesh.format.NdjsonCodec;
import dev.replaymesh.format.session.ObjectKeys;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.storage.testing.Recordings;
import dev.replaymesh.storage.testing.TopicIo;
import dev.replaymesh.store.objectstore.ObjectStore;
import dev.replaymesh.testing.LocalMesh;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(LocalMesh.class)
class SessionsResourceTest {

    @Inject
    ObjectStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final FrameCodec frames = new FrameCodec();
    private final String project = "p" + UUID.randomUUID().toString().substring(0, 8);

    private List<Event> record(String session, String user, long startOffsetMs, int count) throws Exception {
        List<Event> events = new ArrayList<>();
        List<byte[]> sent = new ArrayList<>();
        for (Event e : Recordings.session(project, session, count)) {
            Event moved = e.toBuilder().setDistinctId(user)
                    .setClientTimestampMs(e.getClientTimestampMs() + startOffsetMs).build();
            events.add(moved);
            sent.add(frames.encode(moved));
        }
        TopicIo.produce(bootstrap, Topics.REDACTED, session, sent);
        return events;
    }

    private JsonPath awaitListed(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonPath page = null;
        while (System.nanoTime() < deadline) {
            page = given().get("/v1/projects/{p}/sessions", project).then().statusCode(200).extract().jsonPath();
            List<Object> sessions = page.getList("sessions");
            if (sessions.size() == count && page.getList("sessions.eventCount", String.class).stream()
                    .allMatch(c -> Long.parseLong(c) >= 300)) {
                return page;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("sessions not listed within 60 s: " + (page == null ? null : page.prettify()));
    }

    @Test
    void listsReadsAndDeletesSessionsOfAUser() throws Exception {
        String a = "a-" + UUID.randomUUID();
        String b = "b-" + UUID.randomUUID();
        String c = "c-" + UUID.randomUUID();
        List<Event> first = record(a, "user-7", 0, 300);
        record(b, "user-7", 3_600_000, 300);
        record(c, "user-8", 7_200_000, 300);

        JsonPath all = awaitListed(3);
        // Newest first.
        assertThat(all.getList("sessions.sessionId", String.class)).containsExactly(c, b, a);
        given().get("/v1/projects/{p}/sessions?user=user-7&pageSize=1", project).then().statusCode(200)
                .body("sessions", hasSize(1)).body("sessions[0].sessionId", equalTo(b));
        String token = given().get("/v1/projects/{p}/sessions?pageSize=2", project).then()
                .extract().jsonPath().getString("nextPageToken");
        given().get("/v1/projects/{p}/sessions?pageSize=2&pageToken=" + token, project).then()
                .body("sessions.sessionId", org.hamcrest.Matchers.contains(a)).body("nextPageToken", equalTo(null));
        given().get("/v1/projects/{p}/sessions?from={f}&to={t}", project, Recordings.T0 + 1_000_000,
                Recordings.T0 + 5_000_000).then().body("sessions.sessionId", org.hamcrest.Matchers.contains(b));

        given().get("/v1/projects/{p}/sessions/{s}/manifest", project, a).then().statusCode(200)
                .body("lastSeq", equalTo(300)).body("distinctId", equalTo("user-7"));
        byte[] ndjson = given().get("/v1/projects/{p}/sessions/{s}/events?fromSeq=101", project, a).then()
                .statusCode(200).extract().asByteArray();
        List<Event> back = new ArrayList<>();
        var reader = new NdjsonCodec().reader(new ByteArrayInputStream(ndjson));
        for (Event e = reader.next(); e != null; e = reader.next()) {
            back.add(e);
        }
        assertThat(back).hasSize(200);
        assertThat(back.get(0)).isEqualTo(first.get(100).toBuilder().setSeq(101).build());

        JsonPath deleted = given().delete("/v1/projects/{p}/users/user-7/sessions?reason=erasure-test", project)
                .then().statusCode(200).extract().jsonPath();
        assertThat(deleted.getList("deleted.sessionId", String.class)).containsExactlyInAnyOrder(a, b);
        assertThat(deleted.getList("deleted[0].objects", String.class))
                .contains(ObjectKeys.manifest(project, deleted.getString("deleted[0].sessionId")));

        // The replicas storing them read the requests too; nothing comes back meanwhile.
        Thread.sleep(3000);
        assertThat(store.list(ObjectKeys.sessionPrefix(project, a))).isEmpty();
        assertThat(store.list(ObjectKeys.sessionPrefix(project, b))).isEmpty();
        assertThat(store.list(ObjectKeys.sessionPrefix(project, c))).isNotEmpty();
        for (String gone : List.of(a, b)) {
            List<byte[]> catalog = TopicIo.read(bootstrap, Topics.SESSIONS, gone);
            assertThat(catalog).isNotEmpty();
            assertThat(catalog.get(catalog.size() - 1)).as("tombstone of %s", gone).isNull();
        }
        given().get("/v1/projects/{p}/sessions", project).then().body("sessions.sessionId",
                org.hamcrest.Matchers.contains(c));
        given().get("/v1/projects/{p}/sessions/{s}/manifest", project, a).then().statusCode(404);
    }

    @Test
    void badInputGetsAClearError() {
        given().get("/v1/projects/{p}/sessions?pageSize=0", project).then().statusCode(400)
                .body("error", containsString("pageSize"));
        given().get("/v1/projects/{p}/sessions?pageToken=%%%", project).then().statusCode(400)
                .body("error", containsString("page token"));
        given().get("/v1/projects/{p}/sessions/{s}/manifest", project, "bad.id").then().statusCode(400);
        given().get("/v1/projects/{p}/sessions/{s}/manifest", project, "nope").then().statusCode(404);
    }
}
