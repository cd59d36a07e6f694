package dev.replaymesh.playback.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replaymesh.playback.testing.BrowserScripts;
import dev.replaymesh.playback.testing.RecordedPage;
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
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The web player in real headless Chromium: a page recorded with rrweb while a script used it is
 * stored, shared, and played through its share link to the end, showing the page as it was when
 * recording ended; its side list seeks. Share links open their own session only.
 */
@QuarkusTest
@WithTestResource(LocalMesh.class)
class WebPlayerBrowserTest {

    static final String READ = "Bearer demo-read-key";

    @TestHTTPResource("/")
    URL server;

    @Inject
    ObjectStore store;

    @Test
    void aSharedSessionPlaysToTheRecordedEndAndItsSideListSeeks() throws Exception {
        RecordedPage page = RecordedPage.recordAndStore(store, Path.of("target/web-player-test"));
        String id = page.sessionId();

        String url = given().header("Authorization", READ).post("/v1/sessions/" + id + "/share?ttl=PT1H").then()
                .statusCode(200).extract().jsonPath().getString("url");
        JsonNode played = new ObjectMapper().readTree(BrowserScripts.run("play-web.mjs", 120,
                server.toString().replaceAll("/$", "") + url, "60000"));
        assertThat(played.path("errors")).as("page errors").isEmpty();
        assertThat(played.path("finished").asBoolean()).isTrue();
        assertThat(played.path("structure").asText()).isEqualTo(page.structure());
        List<String> kinds = new ArrayList<>();
        played.path("timeline").forEach(i -> kinds.add(i.path("kind").asText()));
        assertThat(kinds).contains("page", "click");
        assertThat(played.path("seeked").asBoolean()).as("a side-list item seeks the player").isTrue();
        assertThat(played.path("outside")).as("requests to other origins").isEmpty();
    }

    @Test
    void aShareLinkOpensItsOwnSessionOnlyAndEmbedsAnywhere() {
        List<Event> a = SyntheticSession.events("demo", SyntheticSession.newId(), 30, 10, 10);
        List<Event> b = SyntheticSession.events("demo", SyntheticSession.newId(), 30, 10, 10);
        new SessionFixture(store).store(a, 10);
        new SessionFixture(store).store(b, 10);
        JsonPath link = given().header("Authorization", READ).post("/v1/sessions/" + a.get(0).getSessionId()
                + "/share").then().statusCode(200).extract().jsonPath();
        String token = link.getString("token");
        given().queryParam("token", token).get("/v1/sessions/" + a.get(0).getSessionId() + "/events?shape=rrweb")
                .then().statusCode(200);
        given().queryParam("token", token).get("/v1/sessions/" + b.get(0).getSessionId() + "/events").then()
                .statusCode(401);
        given().queryParam("token", token).get("/v1/sessions").then().statusCode(401);
        given().queryParam("token", token + "x").get("/v1/sessions/" + a.get(0).getSessionId()).then().statusCode(401);
        given().post("/v1/sessions/" + a.get(0).getSessionId() + "/share").then().statusCode(401);
        given().header("Authorization", READ).post("/v1/sessions/" + a.get(0).getSessionId() + "/share?ttl=P400D")
                .then().statusCode(400);
        given().get(link.getString("embedUrl")).then().statusCode(200)
                .header("Content-Security-Policy", "frame-ancestors *").body(containsString("rrwebPlayer"));
        given().get(link.getString("url")).then().statusCode(200)
                .header("Content-Security-Policy", "frame-ancestors 'self'");
    }
}
