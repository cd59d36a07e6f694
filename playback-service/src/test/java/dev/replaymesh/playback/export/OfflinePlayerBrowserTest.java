package dev.replaymesh.playback.export;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replaymesh.format.portable.PackageLayout;
import dev.replaymesh.playback.testing.BrowserScripts;
import dev.replaymesh.playback.testing.SessionFixture;
import dev.replaymesh.playback.testing.SyntheticSession;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.store.objectstore.ObjectStore;
import dev.replaymesh.testing.LocalMesh;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
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
        Path dir = Files.createDirectories(Path.of("target/offline-player-test").toAbsolutePath());
        Path recorded = dir.resolve("recorded.ndjson");
        Path structure = dir.resolve("recorded-structure.txt");
        BrowserScripts.run("record-page.mjs", 120, recorded.toString(), structure.toString());

        List<Event> events = SyntheticSession.recorded("demo", SyntheticSession.newId(),
                Files.readAllLines(recorded).stream().filter(l -> !l.isBlank()).toList(), "w1");
        new SessionFixture(store).store(events, 20);
        byte[] zip = given().header("Authorization", "Bearer demo-read-key")
                .get("/v1/sessions/" + events.get(0).getSessionId() + "/export").then().statusCode(200)
                .extract().asByteArray();
        Path unpacked = Files.createDirectories(dir.resolve(events.get(0).getSessionId()));
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                Files.write(unpacked.resolve(e.getName()), in.readAllBytes());
            }
        }

        JsonNode played = new ObjectMapper().readTree(BrowserScripts.run("play-offline.mjs", 120,
                unpacked.resolve(PackageLayout.PLAYER).toString(), "60000"));
        assertThat(played.path("errors")).as("page errors").isEmpty();
        assertThat(played.path("finished").asBoolean()).isTrue();
        assertThat(played.path("requests")).as("network requests the page tried").isEmpty();
        assertThat(played.path("structure").asText()).isEqualTo(Files.readString(structure));
    }
}
