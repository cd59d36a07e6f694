package dev.replaymesh.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The baseline of redaction-service: a consume-transform-produce loop with plain Kafka clients whose
 * transform copies each record unchanged (same key, same value). Like redaction-service it consumes
 * in batches with {@code read_committed} and, by default, writes each batch and commits its offsets
 * in one transaction ({@code sendOffsetsToTransaction} with the consumer's group metadata); with
 * {@code --no-transactions} it writes each batch, waits until every record is acknowledged
 * ({@code flush}) and then commits the offsets (at-least-once). Client settings come from
 * {@code --consumer-property} / {@code --producer-property}, so the benchmark script passes
 * redaction-service's own. It drains the backlog {@code --passes} times, each time as a new consumer
 * group {@code <group>-<pass>} from the backlog's start, in one JVM, so later passes run compiled code.
 */
@Command(name = "passthrough", mixinStandardHelpOptions = true,
        description = "Copy a backlog unchanged from one topic to another, as redaction-service's Kafka loop does.")
final class PassThrough implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--backlog-file", required = true, description = "written by fill --backlog-file")
    Path backlogFile;

    @Option(names = "--out", required = true, description = "topic written")
    String out;

    @Option(names = "--group", required = true, description = "consumer group prefix; pass N uses <group>-N")
    String group;

    @Option(names = "--passes", defaultValue = "2")
    int passes;

    @Option(names = "--no-transactions", description = "flush then commit each batch instead of a transaction per batch")
    boolean noTransactions;

    private boolean transactions;

    @Override
    public Integer call() throws Exception {
        Backlog backlog = Backlog.load(backlogFile);
        transactions = !noTransactions;
        Map<String, String> fixedProducer = new HashMap<>();
        if (transactions) {
            fixedProducer.put("transactional.id", "bench-passthrough-" + UUID.randomUUID());
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                kafka.producerProperties(Map.of("acks", "all", "enable.idempotence", "true"), fixedProducer),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            if (transactions) {
                producer.initTransactions();
            }
            for (int pass = 1; pass <= passes; pass++) {
                long t0 = System.nanoTime();
                long copied = copy(backlog, producer, group + "-" + pass);
                Progress.say("passthrough pass %d: %d records in %.1f s", pass, copied, (System.nanoTime() - t0) / 1e9);
            }
        }
        return 0;
    }

    private long copy(Backlog backlog, KafkaProducer<byte[], byte[]> producer, String groupId) {
        Map<String, String> fixed = Map.of("group.id", groupId, "enable.auto.commit", "false",
                "auto.offset.reset", "earliest");
        long copied = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                kafka.consumerProperties(Map.of("isolation.level", "read_committed"), fixed),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(backlog.topic()));
            Map<Integer, Long> committed = new HashMap<>();
            while (!backlog.drained(committed)) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                if (transactions) {
                    producer.beginTransaction();
                }
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    producer.send(new ProducerRecord<>(out, r.key(), r.value()));
                    offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
                if (transactions) {
                    producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                    producer.commitTransaction();
                } else {
                    producer.flush();
                    consumer.commitSync(offsets);
                }
                copied += records.count();
                offsets.forEach((tp, om) -> committed.put(tp.partition(), om.offset()));
            }
        }
        return copied;
    }
}
