package dev.replaymesh.playback.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.replaymesh.format.NdjsonCodec;
import dev.replaymesh.format.session.ChunkEntry;
import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.playback.testing.SessionFixture;
import dev.replaymesh.playback.testing.SyntheticSession;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.store.objectstore.ObjectStore;
import dev.replaymesh.testing.LocalMesh;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP read API over the real bucket and catalog topic. */
@QuarkusTest
@WithTestResource(LocalMesh.class)
class SessionsResourceTest {

    static final String KEY = "Bearer demo-read-key";

    @TestHTTPResource("/")
    URL server;

    @Inject
    ObjectStore store;

    SessionFixture fixture;

    @BeforeEach
    void open() {
        fixture = new SessionFixture(store);
    }

    @Test
    void listsTheProjectsSessionsFromTheCatalog() throws InterruptedException {
        List<Event> a = stored(80);
        List<Event> b = stored(90);
        SessionFixture.publish(fixture.manifest(a));
        SessionFixture.publish(fixture.manifest(b));
        long deadline = System.currentTimeMillis() + 20_000;
        List<String> ids = List.of();
        while (System.currentTimeMillis() < deadline && !ids.containsAll(List.of(id(a), id(b)))) {
            ids = given().header("Authorization", KEY).get("/v1/sessions?pageSize=1000").then().statusCode(200)
                    .extract().jsonPath().getList("sessions.sessionId");
            Thread.sleep(200);
        }
        assertThat(ids).contains(id(a), id(b));
        JsonPath listed = given().header("Authorization", KEY).queryParam("user", "user-7")
                .queryParam("pageSize", 1000).get("/v1/sessions").then().statusCode(200).extract().jsonPath();
        assertThat(listed.getList("sessions.distinctId", String.class)).containsOnly("user-7");
        given().header("Authorization", "Bearer other-read-key").get("/v1/sessions?pageSize=1000").then()
                .statusCode(200).body(containsString("\"sessions\":[]"));
        given().header("Authorization", KEY).get("/v1/sessions?pageSize=0").then().statusCode(400)
                .body("error", equalTo("invalid_argument"));
    }

    @Test
    void getAnswersMetadataManifestAndRedactionSummary() {
        List<Event> events = stored(130);
        JsonPath body = given().header("Authorization", KEY).get("/v1/sessions/" + id(events)).then().statusCode(200)
                .extract().jsonPath();
        assertThat(body.getString("session.sessionId")).isEqualTo(id(events));
        assertThat(body.getString("session.eventCount")).isEqualTo("130");
        assertThat(body.getList("manifest.chunks.key")).hasSize(4);
        assertThat(body.getMap("redaction")).containsKey("eventsSeen");
        given().header("Authorization", KEY).get("/v1/sessions/nope").then().statusCode(404)
                .body("error", equalTo("not_found"));
        given().header("Authorization", "Bearer other-read-key").get("/v1/sessions/" + id(events)).then()
                .statusCode(404);
        given().get("/v1/sessions/" + id(events)).then().statusCode(401).header("WWW-Authenticate", "Bearer");
    }

    @Test
    void eventsStreamAsEnvelopesByteIdenticalAndInOrder() throws Exception {
        List<Event> events = stored(300);
        NdjsonCodec ndjson = new NdjsonCodec();
        List<Event> read = new ArrayList<>();
        for (String line : lines("/v1/sessions/" + id(events) + "/events").lines) {
            read.add(ndjson.decodeLine(line.getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(read).isEqualTo(events);
    }

    @Test
    void eventsAsRrwebWithSeekAndEnd() throws Exception {
        List<Event> events = stored(300);
        long from = events.get(129).getClientTimestampMs();
        long to = events.get(219).getClientTimestampMs();
        Lines got = lines("/v1/sessions/" + id(events) + "/events?shape=rrweb&from=" + from + "&to=" + to);
        assertThat(got.status).isEqualTo(200);
        assertThat(got.lines).containsExactlyElementsOf(
                events.subList(100, 220).stream().map(e -> e.getPayload().toStringUtf8()).toList());
        given().header("Authorization", KEY).get("/v1/sessions/" + id(events) + "/events?shape=csv").then()
                .statusCode(400);
    }

    @Test
    void aCorruptFirstChunkIsAnErrorStatusNamingIt() throws Exception {
        List<Event> events = SyntheticSession.events("demo", SyntheticSession.newId(), 120, 50, 200);
        Manifest m = fixture.store(events, 40);
        ChunkEntry first = m.chunks().get(0);
        fixture.corrupt(first.key(), 20);
        given().header("Authorization", KEY).get("/v1/sessions/" + id(events) + "/events").then().statusCode(500)
                .body("error", equalTo("data_loss")).body("message", containsString(first.key()))
                .body("message", containsString("1..40"));
    }

    @Test
    void aCorruptLaterChunkEndsTheBodyWithAnErrorLineAfterTheEventsBeforeIt() throws Exception {
        List<Event> events = SyntheticSession.events("demo", SyntheticSession.newId(), 120, 50, 200);
        Manifest m = fixture.store(events, 40);
        ChunkEntry second = m.chunks().get(1);
        fixture.corrupt(second.key(), (int) second.storedBytes() / 2);
        Lines got = lines("/v1/sessions/" + id(events) + "/events");
        assertThat(got.status).isEqualTo(200);
        assertThat(got.lines).hasSize(41);
        NdjsonCodec ndjson = new NdjsonCodec();
        assertThat(got.lines.subList(0, 40)).extracting(l -> ndjson.decodeLine(l.getBytes(StandardCharsets.UTF_8)))
                .containsExactlyElementsOf(events.subList(0, 40));
        assertThat(got.lines.get(40)).startsWith("{\"error\":\"data_loss\"").contains(second.key()).contains("41..80");
    }

    private List<Event> stored(int count) {
        List<Event> events = SyntheticSession.events("demo", SyntheticSession.newId(), count, 50, 200);
        fixture.store(events, 40);
        return events;
    }

    private static String id(List<Event> events) {
        return events.get(0).getSessionId();
    }

    record Lines(int status, List<String> lines) {
    }

    /** Reads a streamed body line by line. */
    private Lines lines(String path) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<java.io.InputStream> response = http.send(HttpRequest.newBuilder(URI.create(server + path.substring(1)))
                .header("Authorization", KEY).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        }
        return new Lines(response.statusCode(), lines);
    }
}
