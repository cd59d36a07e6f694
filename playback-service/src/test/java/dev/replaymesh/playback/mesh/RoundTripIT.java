package dev.replaymesh.playback.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replaymesh.format.chunk.Sha256;
import dev.replaymesh.format.portable.PackageLayout;
import dev.replaymesh.playback.testing.PlaybackClient;
import dev.replaymesh.playback.testing.PlaybackClient.Played;
import dev.replaymesh.playback.testing.WholeMesh;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.testing.Fixtures;
import dev.replaymesh.testing.Zips;
import io.grpc.Status;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A session leaves one mesh as a package and as a PostHog export and enters a fresh one: the
 * package imported there exports again with the same events and the same events checksum; a
 * tampered copy is refused; the PostHog file imports and plays.
 */
class RoundTripIT {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void exportImportIntoAFreshMeshExportsTheSameEvents() throws Exception {
        String session = "rt-" + UUID.randomUUID();
        List<String> recorded = Fixtures.events("ops-customers");
        byte[] pkg;
        byte[] posthog;
        try (WholeMesh first = WholeMesh.start(Path.of("target/round-trip-it/first"))) {
            capture(first, session, recorded);
            awaitListed(first, session, recorded.size());
            pkg = get(first, "/v1/sessions/" + session + "/export").body();
            posthog = get(first, "/v1/sessions/" + session + "/export?format=posthog").body();
        }
        Map<String, byte[]> original = Zips.unzip(pkg);

        try (WholeMesh fresh = WholeMesh.start(Path.of("target/round-trip-it/fresh"))) {
            HttpResponse<byte[]> refused = post(fresh, tampered(original));
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(refused.body()).path("file").asText()).isEqualTo(PackageLayout.EVENTS);

            HttpResponse<byte[]> imported = post(fresh, pkg);
            assertThat(imported.statusCode()).as(new String(imported.body())).isEqualTo(201);
            JsonNode answer = JSON.readTree(imported.body());
            String copy = answer.path("sessionId").asText();
            assertThat(answer.path("origin").path("sessionId").asText()).isEqualTo(session);
            assertThat(answer.path("origin").path("signature").path("signed").asBoolean())
                    .as("the local mesh does not sign").isFalse();
            awaitListed(fresh, copy, recorded.size());

            Map<String, byte[]> again = Zips.unzip(get(fresh, "/v1/sessions/" + copy + "/export").body());
            assertThat(again.get(PackageLayout.EVENTS)).as("events.ndjson").isEqualTo(original.get(PackageLayout.EVENTS));
            assertThat(fileEntry(again, PackageLayout.EVENTS)).isEqualTo(fileEntry(original, PackageLayout.EVENTS));
            assertThat(JSON.readTree(again.get(PackageLayout.MANIFEST)).path("session").path("windows"))
                    .isEqualTo(JSON.readTree(original.get(PackageLayout.MANIFEST)).path("session").path("windows"));

            HttpResponse<byte[]> fromPostHog = post(fresh, posthog);
            assertThat(fromPostHog.statusCode()).as(new String(fromPostHog.body())).isEqualTo(201);
            String ph = JSON.readTree(fromPostHog.body()).path("sessionId").asText();
            awaitListed(fresh, ph, recorded.size());
            try (PlaybackClient grpc = new PlaybackClient(new URL(fresh.playback.baseUrl() + "/"), "demo-read-key")) {
                Played played = grpc.play(ph, 0, 0);
                assertThat(played.status().getCode()).isEqualTo(Status.Code.OK);
                List<String> payloads = new ArrayList<>();
                for (Event e : played.events()) {
                    payloads.add(e.getPayload().toStringUtf8());
                }
                assertThat(payloads).hasSize(recorded.size());
                assertThat(played.events()).extracting(Event::getClientTimestampMs).isSorted();
                for (int i = 0; i < payloads.size(); i++) {
                    assertThat(JSON.readTree(payloads.get(i))).isEqualTo(JSON.readTree(new String(
                            original.get(PackageLayout.EVENTS)).lines().toList().get(i)));
                }
            }
        }
    }

    private static JsonNode fileEntry(Map<String, byte[]> pkg, String name) throws IOException {
        for (JsonNode f : JSON.readTree(pkg.get(PackageLayout.MANIFEST)).path("files")) {
            if (f.path("path").asText().equals(name)) {
                assertThat(f.path("sha256").asText()).isEqualTo(Sha256.hex(pkg.get(name)));
                return f;
            }
        }
        throw new AssertionError(name + " not in the manifest");
    }

    private static byte[] tampered(Map<String, byte[]> files) {
        Map<String, byte[]> copy = new LinkedHashMap<>(files);
        byte[] events = copy.get(PackageLayout.EVENTS).clone();
        events[events.length / 2] ^= 0x01;
        copy.put(PackageLayout.EVENTS, events);
        return Zips.zip(copy);
    }

    private static void capture(WholeMesh mesh, String session, List<String> lines) throws Exception {
        for (int from = 0; from < lines.size(); from += 100) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(mesh.capture.baseUrl()
                    + "/v1/sessions/" + session + "/events"))
                    .header("Authorization", "Bearer demo-capture-key").header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(String.join("\n",
                            lines.subList(from, Math.min(lines.size(), from + 100))))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        }
    }

    private static void awaitListed(WholeMesh mesh, String session, int count) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        long seen = -1;
        while (System.currentTimeMillis() < deadline) {
            for (JsonNode s : JSON.readTree(get(mesh, "/v1/sessions?pageSize=1000").body()).path("sessions")) {
                if (session.equals(s.path("sessionId").asText())) {
                    seen = s.path("eventCount").asLong();
                }
            }
            if (seen == count) {
                return;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("session " + session + " listed with " + seen + " events, not " + count);
    }

    private static HttpResponse<byte[]> get(WholeMesh mesh, String path) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(mesh.playback.baseUrl() + path))
                .header("Authorization", "Bearer demo-read-key").timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r;
    }

    private static HttpResponse<byte[]> post(WholeMesh mesh, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(mesh.playback.baseUrl() + "/v1/import"))
                .header("Authorization", "Bearer demo-import-key").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

}
