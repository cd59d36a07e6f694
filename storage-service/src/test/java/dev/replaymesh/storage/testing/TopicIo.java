package dev.replaymesh.storage.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes test input to a topic and reads a key's records back, on the real broker. */
public final class TopicIo {

    private TopicIo() {
    }

    public static void produce(String bootstrap, String topic, String key, List<byte[]> values) throws Exception {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 20 * 1024 * 1024),
                new StringSerializer(), new ByteArraySerializer())) {
            List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
            for (byte[] v : values) {
                acks.add(p.send(new ProducerRecord<>(topic, key, v)));
            }
            for (java.util.concurrent.Future<?> f : acks) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Values of {@code key} in the topic, from the beginning, in order (null for tombstones). */
    public static List<byte[]> read(String bootstrap, String topic, String key) {
        try (KafkaConsumer<String, byte[]> c = consumer(bootstrap)) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            List<byte[]> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        values.add(r.value());
                    }
                }
            }
            return values;
        }
    }

    public interface Check {
        boolean test(byte[] value) throws Exception;
    }

    /** The last value of {@code key} once it passes {@code done}. */
    public static byte[] awaitLast(String bootstrap, String topic, String key, Check done, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] last = null;
        while (System.nanoTime() < deadline) {
            List<byte[]> values = read(bootstrap, topic, key);
            if (!values.isEmpty()) {
                last = values.get(values.size() - 1);
                if (done.test(last)) {
                    return last;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no record of " + key + " on " + topic + " passed the check within " + timeout);
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 20 * 1024 * 1024),
                new StringDeserializer(), new ByteArrayDeserializer());
    }
}
