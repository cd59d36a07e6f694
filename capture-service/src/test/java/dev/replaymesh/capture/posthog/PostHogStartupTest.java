package dev.replaymesh.capture.posthog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.replaymesh.testing.LocalMesh;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What posthog-js loads when it starts: its remote configuration and its lazily loaded scripts. */
@QuarkusTest
@WithTestResource(LocalMesh.class)
class PostHogStartupTest {

    static final String TOKEN = PostHogCaptureTest.TOKEN;

    @Test
    void theConfigurationTurnsRecordingOnWithOurSnapshotEndpointAsJsonAndAsScript() {
        given().get("/array/" + TOKEN + "/config").then().statusCode(200)
                .body("sessionRecording.endpoint", equalTo("/s/"))
                .body("sessionRecording.recorderVersion", equalTo("v2"))
                .body("supportedCompression", org.hamcrest.Matchers.hasItems("gzip", "gzip-js"))
                .body("hasFeatureFlags", equalTo(false));
        String script = given().header("Origin", "https://shop.test").get("/array/" + TOKEN + "/config.js")
                .then().statusCode(200).contentType(containsString("javascript"))
                .header("Access-Control-Allow-Origin", "https://shop.test")
                .extract().asString();
        assertThat(script).contains("window._POSTHOG_REMOTE_CONFIG[\"" + TOKEN + "\"]=").contains("\"endpoint\":\"/s/\"");
    }

    @Test
    void flagsAnswerWithNoFlagsForThePostedTokenAndUnknownTokensAreRefused() throws Exception {
        byte[] body = PostHogCaptureTest.gzip("{\"token\":\"" + TOKEN + "\",\"distinct_id\":\"u\"}");
        given().contentType("text/plain").body(body).post("/flags/?v=2").then().statusCode(200)
                .body("featureFlags.size()", equalTo(0)).body("sessionRecording.endpoint", equalTo("/s/"));
        given().get("/decide/?v=3&token=" + TOKEN).then().statusCode(200);
        given().get("/array/phc_unknown/config.js").then().statusCode(401);
        given().contentType("application/json").body("{\"token\":\"phc_unknown\"}").post("/flags/").then().statusCode(401);
    }

    @Test
    void theRecorderScriptIsPostHogJsOwnFileAtBothPathsItAsksFor() throws Exception {
        byte[] shipped;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("posthog-js/lazy-recorder.js")) {
            shipped = in.readAllBytes();
        }
        String version = Files.readString(Path.of("target/classes/posthog-js/VERSION")).trim();
        byte[] versioned = given().header("Origin", "https://shop.test").get("/static/" + version + "/lazy-recorder.js")
                .then().statusCode(200).contentType(containsString("javascript"))
                .header("Cache-Control", containsString("immutable"))
                .header("Access-Control-Allow-Origin", "https://shop.test")
                .extract().asByteArray();
        assertThat(versioned).isEqualTo(shipped);
        given().get("/static/lazy-recorder.js?v=" + version).then().statusCode(200)
                .header("Cache-Control", equalTo("public, max-age=300"));
        given().get("/static/surveys.js").then().statusCode(200);
        given().get("/static/" + version + "/nothing-like-this.js").then().statusCode(404);
        given().get("/static/VERSION").then().statusCode(404);
        given().urlEncodingEnabled(false).get("/static/..%2Fapplication.properties").then().statusCode(404);
    }
}
