package dev.replaymesh.storage.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replaymesh.contract.Topics;
import dev.replaymesh.format.FrameCodec;
import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.format.session.ObjectKeys;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.storage.testing.Recordings;
import dev.replaymesh.storage.testing.StorageApp;
import dev.replaymesh.storage.testing.StoredSessions;
import dev.replaymesh.testing.KafkaBroker;
import dev.replaymesh.testing.PackagedService;
import dev.replaymesh.testing.S3Server;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the packaged storage service while events stream in: the second joins (the
 * first hands some partitions over), then the first is stopped (it hands over the rest). Every
 * session is stored exactly once, in order, and no object was written that no manifest names.
 */
class StorageRebalanceIT {

    static final int SESSIONS = 6;
    static final int EVENTS_PER_SESSION = 1200;
    static final Path LOGS = Path.of("target/storage-rebalance-it");

    private final FrameCodec frames = new FrameCodec();

    @Test
    void partitionsMoveBetweenReplicasWithNothingLostOrStoredTwice() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.startNew(); S3Server s3 = S3Server.startNew("replay")) {
            kafka.createMeshTopics();
            Map<String, List<Event>> sessions = new LinkedHashMap<>();
            for (int i = 0; i < SESSIONS; i++) {
                String id = "moved-" + i + "-" + UUID.randomUUID();
                sessions.put(id, Recordings.session("demo", id, EVENTS_PER_SESSION));
            }
            MinioClient client = MinioClient.builder().endpoint(s3.endpoint())
                    .credentials("minioadmin", "minioadmin").build();
            try (PackagedService first = StorageApp.start(kafka, s3, LOGS.resolve("first.log"))) {
                CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> produce(kafka, sessions));
                Thread.sleep(5_000);
                try (PackagedService second = StorageApp.start(kafka, s3, LOGS.resolve("second.log"))) {
                    Thread.sleep(8_000);
                    assertThat(Files.readString(second.log())).as("the second replica got partitions").contains("partitions assigned");
                    first.stop(Duration.ofSeconds(60));
                    assertThat(Files.readString(first.log())).contains("revoked: wrote").doesNotContain("not written");
                    stream.get(120, TimeUnit.SECONDS);

                    Set<String> named = new HashSet<>();
                    for (Map.Entry<String, List<Event>> e : sessions.entrySet()) {
                        Manifest m = StoredSessions.awaitManifest(key -> get(client, key), "demo", e.getKey(),
                                done -> done.lastSeq() >= EVENTS_PER_SESSION, Duration.ofSeconds(90));
                        assertThat(m.lastSeq()).isEqualTo(EVENTS_PER_SESSION);
                        assertThat(StoredSessions.withoutSeq(StoredSessions.events(key -> get(client, key), m)))
                                .as("events of %s", e.getKey()).containsExactlyElementsOf(e.getValue());
                        m.chunks().forEach(c -> named.add(c.key()));
                        named.add(ObjectKeys.manifest("demo", e.getKey()));
                    }
                    List<String> unnamed = new ArrayList<>();
                    for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket("replay")
                            .prefix("sessions/demo/moved-").recursive(true).build())) {
                        if (!named.contains(r.get().objectName())) {
                            unnamed.add(r.get().objectName());
                        }
                    }
                    assertThat(unnamed).as("objects written twice or left behind by a handover").isEmpty();
                }
            }
        }
    }

    private void produce(KafkaBroker kafka, Map<String, List<Event>> sessions) {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int from = 0; from < EVENTS_PER_SESSION; from += 20) {
                for (Map.Entry<String, List<Event>> e : sessions.entrySet()) {
                    for (Event event : e.getValue().subList(from, Math.min(from + 20, EVENTS_PER_SESSION))) {
                        p.send(new ProducerRecord<>(Topics.REDACTED, e.getKey(), frames.encode(event)));
                    }
                }
                p.flush();
                Thread.sleep(300);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Optional<byte[]> get(MinioClient client, String key) throws Exception {
        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket("replay").object(key).build())) {
            return Optional.of(in.readAllBytes());
        } catch (ErrorResponseException e) {
            return Optional.empty();
        }
    }
}
