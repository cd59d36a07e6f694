package dev.replaymesh.playback.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replaymesh.contract.Topics;
import dev.replaymesh.format.NdjsonCodec;
import dev.replaymesh.format.kafka.EventFrameDeserializer;
import dev.replaymesh.playback.testing.PlaybackClient;
import dev.replaymesh.playback.testing.PlaybackClient.Played;
import dev.replaymesh.playback.testing.WholeMesh;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.testing.Fixtures;
import io.grpc.Status;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real recording captured over HTTP goes through the whole packaged mesh (capture, redaction,
 * storage, on a broker and S3 server of the test's own) and comes back from playback, over gRPC
 * and over HTTP, byte-identical to what redaction passed on, in the order it was recorded.
 */
class CapturedSessionPlaybackIT {

    static final String RECORDING = "shop-checkout";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    static WholeMesh mesh;

    @BeforeAll
    static void startMesh() throws Exception {
        mesh = WholeMesh.start(Path.of("target/mesh-it"));
    }

    @AfterAll
    static void stopMesh() {
        if (mesh != null) {
            mesh.close();
        }
    }

    @Test
    void aCapturedSessionPlaysBackAsRedactionPassedItOn() throws Exception {
        String session = "it-" + UUID.randomUUID();
        List<String> recorded = new ArrayList<>(Fixtures.events(RECORDING));
        long end = JSON.readTree(recorded.get(recorded.size() - 1)).path("timestamp").asLong() + 1;
        recorded.add("{\"type\":5,\"data\":{\"tag\":\"replay.session-end\",\"payload\":{}},\"timestamp\":" + end + "}");
        for (int from = 0; from < recorded.size(); from += 100) {
            capture(session, recorded.subList(from, Math.min(recorded.size(), from + 100)));
        }

        List<Event> redacted = redactedEvents(session, recorded.size());
        // Storage numbers a session's events 1..n in the order it stores them, and changes nothing else.
        List<Event> expected = new ArrayList<>();
        for (int i = 0; i < redacted.size(); i++) {
            expected.add(redacted.get(i).toBuilder().setSeq(i + 1).build());
        }
        assertThat(expected).extracting(Event::getClientSeq).isSorted();

        JsonNode listed = awaitListed(session, recorded.size());
        assertThat(listed.path("chunkCount").asInt()).as("chunks").isGreaterThan(1);

        try (PlaybackClient grpc = new PlaybackClient(new URL(mesh.playback.baseUrl() + "/"), "demo-read-key")) {
            Played played = grpc.play(session, 0, 0);
            assertThat(played.status().getCode()).isEqualTo(Status.Code.OK);
            assertThat(played.events()).extracting(Event::toByteString)
                    .containsExactlyElementsOf(expected.stream().map(Event::toByteString).toList());
        }

        HttpResponse<String> ndjson = HTTP.send(get("/v1/sessions/" + session + "/events"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ndjson.statusCode()).isEqualTo(200);
        NdjsonCodec codec = new NdjsonCodec();
        List<Event> overHttp = ndjson.body().lines()
                .map(line -> codec.decodeLine(line.getBytes(StandardCharsets.UTF_8))).toList();
        assertThat(overHttp).isEqualTo(expected);
        // Events no rule touched are the recorder's bytes.
        long untouched = 0;
        for (int i = 0; i < recorded.size(); i++) {
            if (overHttp.get(i).getPayload().toStringUtf8().equals(recorded.get(i))) {
                untouched++;
            }
        }
        assertThat(untouched).as("events redaction left as recorded").isGreaterThan(recorded.size() / 2);
    }

    private static void capture(String session, List<String> lines) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(mesh.capture.baseUrl()
                + "/v1/sessions/" + session + "/events"))
                .header("Authorization", "Bearer demo-capture-key").header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", lines))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    /** What redaction wrote for the session to replay.redacted.v1, in offset order. */
    private static List<Event> redactedEvents(String session, int count) {
        List<Event> events = new ArrayList<>();
        try (KafkaConsumer<String, Event> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, mesh.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 20 * 1024 * 1024),
                new StringDeserializer(), new EventFrameDeserializer())) {
            consumer.subscribe(List.of(Topics.REDACTED));
            long deadline = System.currentTimeMillis() + 90_000;
            while (events.size() < count && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, Event> r : consumer.poll(Duration.ofMillis(500))) {
                    if (session.equals(r.key())) {
                        events.add(r.value());
                    }
                }
            }
        }
        assertThat(events).as("events redaction passed on").hasSize(count);
        return events;
    }

    /** The session as playback lists it, once the catalog holds all its events. */
    private static JsonNode awaitListed(String session, int count) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        JsonNode found = null;
        while (System.currentTimeMillis() < deadline) {
            HttpResponse<String> r = HTTP.send(get("/v1/sessions?pageSize=1000"), HttpResponse.BodyHandlers.ofString());
            for (JsonNode s : JSON.readTree(r.body()).path("sessions")) {
                if (session.equals(s.path("sessionId").asText())) {
                    found = s;
                }
            }
            if (found != null && found.path("eventCount").asLong() == count) {
                return found;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("session " + session + " not listed with " + count + " events: " + found);
    }

    private static HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(mesh.playback.baseUrl() + path))
                .header("Authorization", "Bearer demo-read-key").timeout(Duration.ofSeconds(30)).build();
    }
}
