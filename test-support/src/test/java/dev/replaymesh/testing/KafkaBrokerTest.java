package dev.replaymesh.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import dev.replaymesh.mesh.MeshTopics;

class KafkaBrokerTest {

    @Test
    void startsServesStopsAndRestartsWithItsData() throws Exception {
        Path dataDir;
        try (KafkaBroker broker = KafkaBroker.startNew()) {
            dataDir = broker.dataDir();
            broker.createMeshTopics();
            produce(broker, "session-1", "first");
            assertThat(consumeAll(broker)).containsExactly("session-1=first");

            long pid = broker.pid().orElseThrow();
            broker.stop();
            assertThat(ServerScript.alive(pid)).as("broker process gone").isFalse();
            assertThat(refusesConnections(broker.port())).as("port refuses connections").isTrue();
            assertThat(broker.isRunning()).isFalse();

            broker.start();
            assertThat(broker.acceptsConnections()).isTrue();
            assertThat(broker.pid()).isPresent();
            produce(broker, "session-1", "second");
            assertThat(consumeAll(broker)).containsExactly("session-1=first", "session-1=second");
        }
        assertThat(Files.exists(dataDir)).as("data dir deleted by close()").isFalse();
    }

    private static void produce(KafkaBroker broker, String key, String value) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(MeshTopics.CAPTURE, key, value)).get();
        }
    }

    /** Every record of the capture topic, from the beginning, as key=value. */
    private static List<String> consumeAll(KafkaBroker broker) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(MeshTopics.CAPTURE));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            long quietSince = 0;
            // Poll until something arrived and nothing more came for a second, bounded in time.
            while (System.nanoTime() < deadline) {
                var records = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, String> r : records) {
                    seen.add(r.key() + "=" + r.value());
                }
                if (!records.isEmpty()) {
                    quietSince = System.nanoTime();
                } else if (!seen.isEmpty() && System.nanoTime() - quietSince > Duration.ofSeconds(1).toNanos()) {
                    break;
                }
            }
        }
        return seen;
    }

    private static boolean refusesConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }
}
