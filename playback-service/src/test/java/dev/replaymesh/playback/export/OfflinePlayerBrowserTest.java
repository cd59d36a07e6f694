package dev.replaymesh.playback.export;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replaymesh.format.portable.PackageLayout;
import dev.replaymesh.playback.testing.BrowserScripts;
import dev.replaymesh.playback.testing.RecordedPage;
import dev.replaymesh.store.objectstore.ObjectStore;
import dev.replaymesh.testing.LocalMesh;
import dev.replaymesh.testing.Zips;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * In real headless Chromium: a page is recorded with rrweb while a script uses it, the recording
 * is stored and exported, and the package's index.html, opened from disk with every network
 * request refused, plays the session to its end and shows the page as it was when recording ended.
 */
@QuarkusTest
@WithTestResource(LocalMesh.class)
class OfflinePlayerBrowserTest {

    @Inject
    ObjectStore store;

    @Test
    void theExportedPagePlaysFromDiskWithNoNetworkToTheRecordedEnd() throws Exception {
        Path dir = Path.of("target/offline-player-test").toAbsolutePath();
        RecordedPage page = RecordedPage.recordAndStore(store, dir);
        byte[] zip = given().header("Authorization", "Bearer demo-read-key")
                .get("/v1/sessions/" + page.sessionId() + "/export").then().statusCode(200)
                .extract().asByteArray();
        Path unpacked = Files.createDirectories(dir.resolve(page.sessionId()));
        for (Map.Entry<String, byte[]> file : Zips.unzip(zip).entrySet()) {
            Files.write(unpacked.resolve(file.getKey()), file.getValue());
        }

        JsonNode played = new ObjectMapper().readTree(BrowserScripts.run("play-offline.mjs", 120,
                unpacked.resolve(PackageLayout.PLAYER).toString(), "60000"));
        assertThat(played.path("errors")).as("page errors").isEmpty();
        assertThat(played.path("finished").asBoolean()).isTrue();
        assertThat(played.path("requests")).as("network requests the page tried").isEmpty();
        assertThat(played.path("structure").asText()).isEqualTo(page.structure());
    }
}
