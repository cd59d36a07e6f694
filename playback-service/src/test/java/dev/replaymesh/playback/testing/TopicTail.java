package dev.replaymesh.playback.testing;

import dev.replaymesh.format.kafka.EventFrameDeserializer;
import dev.replaymesh.proto.v1.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what was written to a topic after the moment it was opened. */
public final class TopicTail implements AutoCloseable {

    private final KafkaConsumer<String, Event> consumer;

    public TopicTail(String bootstrap, String topic) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 20 * 1024 * 1024),
                new StringDeserializer(), new EventFrameDeserializer());
        List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position);
    }

    /** Events of {@code key} written since opening, waiting until there are {@code count}. */
    public List<Event> read(String key, int count, Duration timeout) {
        List<Event> events = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (events.size() < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, Event> r : consumer.poll(Duration.ofMillis(200))) {
                if (key.equals(r.key())) {
                    events.add(r.value());
                }
            }
        }
        return events;
    }

    /** Every record written since opening (or the last call), whatever its key. */
    public int drain(Duration wait) {
        int n = 0;
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            n += consumer.poll(Duration.ofMillis(200)).count();
        }
        return n;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
