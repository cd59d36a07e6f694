package dev.replaymesh.playback.importing;

import dev.replaymesh.contract.Topics;
import dev.replaymesh.format.kafka.EventFrameSerializer;
import dev.replaymesh.proto.v1.Event;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Imported events go where captured ones go: {@code replay.capture.v1}, keyed by session id, so
 * that redaction sees them before storage does. Same producer guarantees as capture's (idempotent,
 * {@code acks=all}); an import answers only after Kafka acknowledged every event.
 */
@ApplicationScoped
public class CaptureTopicWriter {

    private final Map<String, Object> kafkaConfig;
    private final String topic;
    private volatile KafkaProducer<String, Event> producer;

    public CaptureTopicWriter(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "replay.playback.imports.topic", defaultValue = Topics.CAPTURE) String topic) {
        this.kafkaConfig = kafkaConfig;
        this.topic = topic;
    }

    void onStop(@Observes ShutdownEvent event) {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
    }

    /**
     * Sends the events in order and waits until Kafka acknowledged all of them.
     *
     * @throws ImportFailedException if Kafka did not acknowledge them within {@code timeout}
     */
    public void send(String sessionId, List<Event> events, Duration timeout) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
        for (Event e : events) {
            acks.add(producer().send(new ProducerRecord<>(topic, sessionId, e)));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new ImportFailedException("Kafka did not take the imported events: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImportFailedException("interrupted", e);
        }
    }

    private KafkaProducer<String, Event> producer() {
        KafkaProducer<String, Event> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("bootstrap.servers"),
                            ProducerConfig.ACKS_CONFIG, "all",
                            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                            ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 20 * 1024 * 1024,
                            ProducerConfig.LINGER_MS_CONFIG, 5,
                            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000),
                            new StringSerializer(), new EventFrameSerializer());
                }
                p = producer;
            }
        }
        return p;
    }
}
