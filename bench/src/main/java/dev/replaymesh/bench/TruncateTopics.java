package dev.replaymesh.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * Deletes every record of the given topics (up to each partition's end), so that a long benchmark
 * keeps only its current backlog on disk; the topics and their offsets stay. Prints first what each
 * topic held: {@code TOPIC name=... offsets=... bytes=...} (offsets include transaction markers,
 * one per partition and transaction; bytes are the broker's log size).
 */
@Command(name = "truncate", mixinStandardHelpOptions = true, description = "Delete all records of topics, keeping the topics.")
final class TruncateTopics implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Parameters(arity = "1..*", description = "topics")
    List<String> topics;

    @Override
    public Integer call() throws Exception {
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, Long> sizes = new HashMap<>();
            for (var dirs : admin.describeLogDirs(admin.describeCluster().nodes().get().stream()
                    .map(n -> n.id()).toList()).allDescriptions().get().values()) {
                for (var dir : dirs.values()) {
                    for (Map.Entry<TopicPartition, ReplicaInfo> e : dir.replicaInfos().entrySet()) {
                        sizes.merge(e.getKey(), e.getValue().size(), Long::sum);
                    }
                }
            }
            Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
            for (String topic : topics) {
                Map<Integer, Long> ends = BacklogFill.endOffsets(admin, topic);
                Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
                ends.keySet().forEach(p -> earliest.put(new TopicPartition(topic, p), OffsetSpec.earliest()));
                long span = 0;
                long bytes = 0;
                for (var e : admin.listOffsets(earliest).all().get().entrySet()) {
                    span += ends.get(e.getKey().partition()) - e.getValue().offset();
                    bytes += sizes.getOrDefault(e.getKey(), 0L);
                }
                System.out.printf("TOPIC name=%s offsets=%d bytes=%d%n", topic, span, bytes);
                ends.forEach((partition, end) ->
                        delete.put(new TopicPartition(topic, partition), RecordsToDelete.beforeOffset(end)));
            }
            admin.deleteRecords(delete).all().get();
        }
        return 0;
    }
}
