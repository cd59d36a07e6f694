package dev.replaymesh.playback.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replaymesh.playback.testing.BrowserScripts;
import dev.replaymesh.playback.testing.WholeMesh;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recorders as sites run them, in real headless Chromium on a page of another origin, recording
 * into the packaged capture service of a whole mesh (own broker and S3 server): an unchanged
 * posthog-js with capture as its api_host, and plain rrweb posting to the native endpoint with an
 * Authorization header. Each session is listed by playback with every event sent exactly once,
 * no password (or "ph-no-capture" text) reached storage, and the web player plays it to the
 * page's final structure.
 */
class BrowserRecordersIT {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    static WholeMesh mesh;

    @BeforeAll
    static void startMesh() throws Exception {
        mesh = WholeMesh.start(Path.of("target/mesh-it-browsers"));
    }

    @AfterAll
    static void stopMesh() {
        if (mesh != null) {
            mesh.close();
        }
    }

    @Test
    void aPostHogJsRecordingIsStoredOnceRedactedAndPlaysToTheRecordedPage() throws Exception {
        JsonNode recorded = JSON.readTree(BrowserScripts.run("record-posthog.mjs", 180, mesh.capture.baseUrl(),
                "demo-capture-key"));
        assertThat(recorded.path("errors")).as("page errors").isEmpty();
        String session = recorded.path("sessionId").asText();
        recorded.path("statuses").fields().forEachRemaining(s -> assertThat(s.getKey()).as("answers to posthog-js")
                .endsWith(" 200"));
        assertThat(recorded.at("/sent/beacons").asInt()).as("batches sent with sendBeacon").isPositive();
        assertThat(recorded.at("/sent/requests").asInt()).as("requests").isGreaterThan(recorded.at("/sent/beacons").asInt());
        assertThat(recorded.path("resent").asInt()).as("a re-sent snapshot batch").isEqualTo(200);
        int rrweb = recorded.at("/sent/rrweb").asInt();
        int metadata = recorded.at("/sent/metadata").asInt();
        assertThat(rrweb).isPositive();
        assertThat(metadata).as("page view, clicks").isGreaterThanOrEqualTo(2);

        awaitListed(session, rrweb + metadata);
        List<JsonNode> stored = events(session);
        assertThat(stored).as("every event sent, once").hasSize(rrweb + metadata);
        Set<String> distinct = new HashSet<>();
        List<String> payloads = new ArrayList<>();
        for (JsonNode e : stored) {
            String payload = e.path("event").toString();
            payloads.add(payload);
            assertThat(distinct.add(e.path("windowId").asText() + payload)).as("stored twice: " + payload).isTrue();
        }
        for (JsonNode secret : recorded.path("secrets")) {
            assertThat(payloads).as("payloads holding " + secret).noneMatch(p -> p.contains(secret.asText()));
        }
        assertThat(payloads).as("the page's own text is there (the check above can find text)")
                .anyMatch(p -> p.contains("Signed in as"));
        assertThat(payloads).as("console log recorded").anyMatch(p -> p.contains("rrweb/console@1")
                && p.contains("avatar failed to load"));
        assertThat(payloads).as("network request recorded").anyMatch(p -> p.contains("rrweb/network@1")
                && p.contains("/api/session"));
        assertThat(payloads).as("page view kept as metadata").anyMatch(p -> p.contains("\"tag\":\"$pageview\""));
        assertThat(payloads).as("uncaught error kept as metadata").anyMatch(p -> p.contains("\"tag\":\"$exception\"")
                && p.contains("avatar service down"));
        assertThat(stored).extracting(e -> e.path("event").path("type").asInt()).contains(2, 3, 4);

        assertPlaysTo(session, recorded);

        // Out as PostHog's export file and back in: the same events, and it plays the same.
        byte[] file = HTTP.send(get("/v1/sessions/" + session + "/export?format=posthog"),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        JsonNode imported = JSON.readTree(send(HttpRequest.newBuilder(URI.create(mesh.playback.baseUrl() + "/v1/import"))
                .header("Authorization", "Bearer demo-import-key").POST(HttpRequest.BodyPublishers.ofByteArray(file))
                .build()));
        String copy = imported.path("sessionId").asText();
        awaitListed(copy, stored.size());
        assertThat(sortedEvents(events(copy))).isEqualTo(sortedEvents(stored));
        assertPlaysTo(copy, recorded);
    }

    /** The rrweb events as JSON text, in one order whatever order they were stored in. */
    private static List<String> sortedEvents(List<JsonNode> envelopes) {
        return envelopes.stream().map(e -> e.path("event").toString()).sorted().toList();
    }

    @Test
    void plainRrwebPostingWithAnAuthorizationHeaderFromAnotherOriginPreflightsOnceAndLosesNothing()
            throws Exception {
        JsonNode recorded = JSON.readTree(BrowserScripts.run("record-rrweb-cors.mjs", 180, mesh.capture.baseUrl(),
                "demo-capture-key"));
        assertThat(recorded.path("errors")).as("page errors").isEmpty();
        String session = recorded.path("sessionId").asText();
        assertThat(recorded.path("preflights").asInt()).as("preflights (Access-Control-Max-Age)").isEqualTo(1);
        recorded.path("statuses").fields().forEachRemaining(s -> assertThat(s.getKey()).as("answers")
                .isIn("OPTIONS 200", "POST 202"));
        int sent = recorded.at("/sent/events").asInt();
        assertThat(recorded.at("/sent/posts").asInt()).as("batches, the last at pagehide").isGreaterThanOrEqualTo(2);

        awaitListed(session, sent);
        List<JsonNode> stored = events(session);
        assertThat(stored).as("every event sent, once").hasSize(sent);
        for (JsonNode secret : recorded.path("secrets")) {
            assertThat(stored).as("payloads holding " + secret)
                    .noneMatch(e -> e.path("event").toString().contains(secret.asText()));
        }
        assertPlaysTo(session, recorded);
    }

    /** The session's share link, opened in the web player, plays to the structure the page ended with. */
    private static void assertPlaysTo(String session, JsonNode recorded) throws Exception {
        String share = JSON.readTree(send(HttpRequest.newBuilder(URI.create(mesh.playback.baseUrl() + "/v1/sessions/"
                + session + "/share")).header("Authorization", "Bearer demo-read-key")
                .POST(HttpRequest.BodyPublishers.noBody()).build())).path("url").asText();
        JsonNode played = JSON.readTree(BrowserScripts.run("play-web.mjs", 180, mesh.playback.baseUrl() + share,
                "90000", recorded.path("structureOptions").toString()));
        assertThat(played.path("errors")).as("player errors").isEmpty();
        assertThat(played.path("finished").asBoolean()).isTrue();
        assertThat(played.path("structure").asText()).isEqualTo(recorded.path("structure").asText());
    }

    /** The session's stored events as NDJSON envelopes, each with its rrweb event as a tree. */
    private static List<JsonNode> events(String session) throws Exception {
        String body = send(get("/v1/sessions/" + session + "/events"));
        List<JsonNode> events = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                events.add(JSON.readTree(line));
            }
        }
        return events;
    }

    private static void awaitListed(String session, int count) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        JsonNode found = null;
        while (System.currentTimeMillis() < deadline) {
            for (JsonNode s : JSON.readTree(send(get("/v1/sessions?pageSize=1000"))).path("sessions")) {
                if (session.equals(s.path("sessionId").asText())) {
                    found = s;
                }
            }
            if (found != null && found.path("eventCount").asLong() >= count) {
                // The re-sent batch went in last: give storage a moment to show it did not count twice.
                Thread.sleep(2_000);
                return;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("session " + session + " not listed with " + count + " events: " + found);
    }

    private static HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(mesh.playback.baseUrl() + path))
                .header("Authorization", "Bearer demo-read-key").timeout(Duration.ofSeconds(30)).build();
    }

    private static String send(HttpRequest request) throws Exception {
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(request.uri() + ": " + r.body()).isBetween(200, 299);
        return r.body();
    }
}
