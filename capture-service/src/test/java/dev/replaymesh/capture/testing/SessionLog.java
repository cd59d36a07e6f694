package dev.replaymesh.capture.testing;

import dev.replaymesh.contract.Topics;
import dev.replaymesh.format.kafka.EventFrameDeserializer;
import dev.replaymesh.proto.v1.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads what capture wrote to {@code replay.capture.v1} on the real broker: {@link #mark()} notes
 * where every partition ends, {@link #read} returns one session's events written after the mark.
 */
public final class SessionLog implements AutoCloseable {

    private final KafkaConsumer<String, Event> consumer;
    private Map<TopicPartition, Long> mark;

    private SessionLog(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 20 * 1024 * 1024);
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new EventFrameDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.CAPTURE, Duration.ofSeconds(10)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
    }

    /** A log over the broker the application under test is configured with, marked now. */
    public static SessionLog open() {
        return open(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    public static SessionLog open(String bootstrap) {
        SessionLog log = new SessionLog(bootstrap);
        log.mark();
        return log;
    }

    public void mark() {
        mark = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(10));
    }

    /**
     * Events of {@code sessionId} written since the mark, in log order, waiting until at least
     * {@code expected} have arrived or the timeout passed; then reads on briefly so that extra
     * events (duplicates, leaks) are seen too.
     */
    public List<Event> read(String sessionId, int expected, Duration timeout) {
        mark.forEach(consumer::seek);
        List<Event> events = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        long settleUntil = Long.MAX_VALUE;
        while (System.nanoTime() < Math.min(deadline, settleUntil)) {
            for (ConsumerRecord<String, Event> record : consumer.poll(Duration.ofMillis(200))) {
                if (sessionId.equals(record.key())) {
                    events.add(record.value());
                }
            }
            if (events.size() >= expected && settleUntil == Long.MAX_VALUE) {
                settleUntil = System.nanoTime() + Duration.ofMillis(500).toNanos();
            }
        }
        return events;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
