package dev.replaymesh.playback.export;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replaymesh.format.chunk.Sha256;
import dev.replaymesh.format.portable.PackageLayout;
import dev.replaymesh.playback.testing.SessionFixture;
import dev.replaymesh.playback.testing.SyntheticSession;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.store.objectstore.ObjectStore;
import dev.replaymesh.testing.Fixtures;
import dev.replaymesh.testing.LocalMesh;
import dev.replaymesh.testing.Zips;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The portable package and the PostHog export of a recording stored in the real bucket. */
@QuarkusTest
@WithTestResource(LocalMesh.class)
class ExportTest {

    static final String KEY = "Bearer demo-read-key";
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ObjectStore store;

    @Test
    void thePackageHoldsTheEventsAndChecksumsThatSha256sumAccepts() throws Exception {
        List<Event> events = SyntheticSession.recorded("demo", SyntheticSession.newId(),
                Fixtures.events("shop-checkout"), "w1");
        new SessionFixture(store).store(events, 100);
        String id = events.get(0).getSessionId();
        byte[] zip = given().header("Authorization", KEY).get("/v1/sessions/" + id + "/export").then().statusCode(200)
                .header("Content-Type", "application/zip")
                .header("Content-Disposition", "attachment; filename=\"" + id + ".replay.zip\"")
                .extract().asByteArray();
        Map<String, byte[]> files = Zips.unzip(zip);
        // The test profile gives the instance a signing key, so the manifest's signature comes with it.
        assertThat(files.keySet()).containsExactly(PackageLayout.EVENTS, PackageLayout.REDACTION_REPORT,
                PackageLayout.PLAYER, PackageLayout.MANIFEST, PackageLayout.SIGNATURE, PackageLayout.SHA256SUMS);

        List<String> lines = new String(files.get(PackageLayout.EVENTS), StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).containsExactlyElementsOf(Fixtures.events("shop-checkout"));

        JsonNode manifest = JSON.readTree(files.get(PackageLayout.MANIFEST));
        assertThat(manifest.path("format").asText()).isEqualTo(PackageLayout.FORMAT);
        assertThat(manifest.path("formatVersion").asText()).isEqualTo("1.0");
        assertThat(manifest.path("signer").path("name").asText()).isEqualTo("playback-test");
        String wellKnownKey = given().get("/.well-known/replay-mesh.json").then().statusCode(200).extract()
                .jsonPath().getString("signing.publicKey");
        assertThat(manifest.path("signer").path("publicKey").asText()).isEqualTo(wellKnownKey);
        assertThat(manifest.path("session").path("sessionId").asText()).isEqualTo(id);
        assertThat(manifest.path("session").path("eventCount").asLong()).isEqualTo(events.size());
        assertThat(manifest.path("session").path("windows").get(0).path("lastLine").asLong()).isEqualTo(events.size());
        List<String> listed = new ArrayList<>();
        for (JsonNode f : manifest.path("files")) {
            byte[] bytes = files.get(f.path("path").asText());
            assertThat(f.path("sha256").asText()).isEqualTo(Sha256.hex(bytes));
            assertThat(f.path("size").asLong()).isEqualTo(bytes.length);
            listed.add(f.path("path").asText());
        }
        assertThat(listed).containsExactly(PackageLayout.EVENTS, PackageLayout.REDACTION_REPORT, PackageLayout.PLAYER);

        String page = new String(files.get(PackageLayout.PLAYER), StandardCharsets.UTF_8);
        assertThat(page.contains("window.player = new Player(")).as("player started by the page").isTrue();
        assertThat(page.matches("(?s).*(src|href)=[\"']?https?:.*")).as("loads nothing from the network").isFalse();
        int eventsAt = page.indexOf("id=\"replay-events\">");
        assertThat(page.indexOf("</script>", eventsAt)).as("no event closes the events element early")
                .isEqualTo(page.indexOf("</script>\n<script>\n// Plays the events"));

        // Unzipped, the package checks itself with coreutils alone.
        Path dir = Files.createDirectories(Path.of("target/export-test", id));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Files.write(dir.resolve(f.getKey()), f.getValue());
        }
        Process check = new ProcessBuilder("sha256sum", "-c", PackageLayout.SHA256SUMS).directory(dir.toFile())
                .redirectErrorStream(true).start();
        String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor()).as(said).isZero();
        assertThat(said.lines()).hasSize(5).allMatch(l -> l.endsWith(": OK"));
        Files.write(dir.resolve(PackageLayout.EVENTS), "{}\n".getBytes(StandardCharsets.UTF_8),
                java.nio.file.StandardOpenOption.APPEND);
        Process tampered = new ProcessBuilder("sha256sum", "--quiet", "-c", PackageLayout.SHA256SUMS)
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String failed = new String(tampered.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tampered.waitFor()).isNotZero();
        assertThat(failed).contains(PackageLayout.EVENTS + ": FAILED");
    }

    @Test
    void posthogExportIsSortedDecompressedAndNumbersWindows() throws Exception {
        // Two tabs whose events interleave with clocks a little apart: stored order is not time order.
        List<String> rrweb = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long ts = 1_790_000_000_000L + i * 100L + (i % 2 == 1 ? -250 : 0);
            rrweb.add("{\"type\":3,\"data\":{\"source\":1,\"positions\":[{\"x\":" + i + ",\"y\":1,\"id\":2,\"timeOffset\":0}]},"
                    + "\"timestamp\":" + ts + "}");
        }
        List<Event> events = SyntheticSession.recorded("demo", SyntheticSession.newId(), rrweb, "tab-a", "tab-b");
        new SessionFixture(store).store(events, 30);
        String id = events.get(0).getSessionId();
        byte[] body = given().header("Authorization", KEY).get("/v1/sessions/" + id + "/export?format=posthog").then()
                .statusCode(200).header("Content-Disposition", "attachment; filename=\"export-" + id
                        + "-ph-recording.json\"").extract().asByteArray();
        JsonNode file = JSON.readTree(body);
        assertThat(file.path("version").asText()).isEqualTo("2023-04-28");
        assertThat(file.path("data").path("id").asText()).isEqualTo(id);
        assertThat(file.path("data").path("person").path("distinct_ids").get(0).asText()).isEqualTo("user-7");
        JsonNode snapshots = file.path("data").path("snapshots");
        assertThat(snapshots).hasSize(200);
        List<Long> times = new ArrayList<>();
        Map<Integer, Integer> perWindow = new LinkedHashMap<>();
        for (JsonNode s : snapshots) {
            times.add(s.path("timestamp").asLong());
            perWindow.merge(s.path("windowId").asInt(), 1, Integer::sum);
            assertThat(s.has("cv")).isFalse();
        }
        assertThat(times).isSorted();
        assertThat(perWindow).containsExactly(Map.entry(1, 100), Map.entry(2, 100));
        // Every event is the stored one plus its window number.
        JsonNode first = snapshots.get(0);
        assertThat(first.path("data").path("positions").get(0).path("x").asInt()).isEqualTo(1);
        given().header("Authorization", KEY).get("/v1/sessions/" + id + "/export?format=zip").then().statusCode(400);
        given().get("/v1/sessions/" + id + "/export").then().statusCode(401);
    }

}
