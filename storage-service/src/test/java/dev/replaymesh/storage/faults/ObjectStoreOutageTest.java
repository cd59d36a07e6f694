package dev.replaymesh.storage.faults;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.replaymesh.contract.Topics;
import dev.replaymesh.format.FrameCodec;
import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.storage.testing.Recordings;
import dev.replaymesh.storage.objectstore.ObjectStore;
import dev.replaymesh.storage.testing.StoredSessions;
import dev.replaymesh.testing.DedicatedS3;
import dev.replaymesh.testing.InjectS3Server;
import dev.replaymesh.testing.S3Server;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The object store goes away for 30 s while events stream in: ingest pauses and commits nothing
 * it has not written, readiness says so, and after the store is back every session is stored
 * exactly once, in order, every chunk verified.
 */
@QuarkusTest
@WithTestResource(DedicatedS3.class)
class ObjectStoreOutageTest {

    static final int SESSIONS = 4;
    static final int EVENTS_PER_SESSION = 1200;
    static final String GROUP = "storage-service";

    @InjectS3Server
    S3Server s3;

    @Inject
    ObjectStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final FrameCodec frames = new FrameCodec();

    @Test
    void anOutageOfThirtySecondsLosesNothingDoublesNothingAndCommitsNothingUnwritten() throws Exception {
        Map<String, List<Event>> sessions = new HashMap<>();
        for (int i = 0; i < SESSIONS; i++) {
            String id = "outage-" + i + "-" + UUID.randomUUID();
            sessions.put(id, Recordings.session("demo", id, EVENTS_PER_SESSION));
        }
        // About 40 s of events: batches of 10 per session every 300 ms, every 7th batch sent twice.
        CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> produce(sessions));

        Thread.sleep(8_000);
        s3.stop();
        Thread.sleep(3_000);
        given().get("/q/health/ready").then().statusCode(503);
        Map<TopicPartition, Long> atStop = committed();
        long outageEnd = System.nanoTime() + Duration.ofSeconds(27).toNanos();
        while (System.nanoTime() < outageEnd) {
            Map<TopicPartition, Long> now = committed();
            for (Map.Entry<TopicPartition, Long> e : now.entrySet()) {
                assertThat(e.getValue()).as("committed offset of %s while the store is down", e.getKey())
                        .isLessThanOrEqualTo(atStop.getOrDefault(e.getKey(), Long.MAX_VALUE));
            }
            Thread.sleep(500);
        }
        s3.start();
        stream.get(120, TimeUnit.SECONDS);

        for (Map.Entry<String, List<Event>> e : sessions.entrySet()) {
            Manifest m = StoredSessions.awaitManifest(store::get, "demo", e.getKey(),
                    done -> done.lastSeq() >= EVENTS_PER_SESSION, Duration.ofSeconds(90));
            assertThat(m.lastSeq()).isEqualTo(EVENTS_PER_SESSION);
            assertThat(m.ingest().duplicates()).isGreaterThan(0);
            assertThat(StoredSessions.withoutSeq(StoredSessions.events(store::get, m)))
                    .containsExactlyElementsOf(e.getValue());
        }
        given().get("/q/health/ready").then().statusCode(200);
        Map<TopicPartition, Long> after = committed();
        assertThat(after.values().stream().mapToLong(Long::longValue).sum())
                .as("offsets move on once the store is back")
                .isGreaterThan(atStop.values().stream().mapToLong(Long::longValue).sum());
    }

    private void produce(Map<String, List<Event>> sessions) {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int from = 0, batch = 0; from < EVENTS_PER_SESSION; from += 10, batch++) {
                for (Map.Entry<String, List<Event>> e : sessions.entrySet()) {
                    List<Event> slice = e.getValue().subList(from, Math.min(from + 10, EVENTS_PER_SESSION));
                    int times = batch % 7 == 3 ? 2 : 1;
                    for (int t = 0; t < times; t++) {
                        for (Event event : slice) {
                            p.send(new ProducerRecord<>(Topics.REDACTED, e.getKey(), frames.encode(event)));
                        }
                    }
                }
                p.flush();
                Thread.sleep(300);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Map<TopicPartition, Long> committed() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, Long> out = new HashMap<>();
            offsets.forEach((tp, o) -> {
                if (tp.topic().equals(Topics.REDACTED) && o != null) {
                    out.put(tp, o.offset());
                }
            });
            return out;
        }
    }
}
