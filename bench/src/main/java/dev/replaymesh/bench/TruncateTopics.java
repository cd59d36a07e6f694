package dev.replaymesh.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * Deletes every record of the given topics (up to each partition's end), so that a long benchmark
 * keeps only its current backlog on disk; the topics and their offsets stay.
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
            Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
            for (String topic : topics) {
                BacklogFill.endOffsets(admin, topic).forEach((partition, end) ->
                        delete.put(new TopicPartition(topic, partition), RecordsToDelete.beforeOffset(end)));
            }
            admin.deleteRecords(delete).all().get();
        }
        return 0;
    }
}
