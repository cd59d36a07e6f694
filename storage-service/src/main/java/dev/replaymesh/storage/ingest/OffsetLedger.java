package dev.replaymesh.storage.ingest;

import dev.replaymesh.storage.session.SessionState;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets may be committed: per partition, the next offset to read, held back to the first
 * record of any session whose state is not durable yet (manifest written and catalogued). So a
 * committed offset never passes anything that is only in memory.
 */
final class OffsetLedger {

    private final Map<TopicPartition, Long> next = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    void processed(TopicPartition tp, long offset) {
        next.merge(tp, offset + 1, Math::max);
    }

    /** Offsets to commit for {@code partitions} that moved since the last commit. */
    Map<TopicPartition, OffsetAndMetadata> commits(Collection<TopicPartition> partitions,
            Collection<SessionState> holding) {
        Map<TopicPartition, Long> limit = new HashMap<>();
        for (SessionState s : holding) {
            for (Map.Entry<TopicPartition, Long> e : s.firstPending().entrySet()) {
                limit.merge(e.getKey(), e.getValue(), Math::min);
            }
        }
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        for (TopicPartition tp : partitions) {
            Long n = next.get(tp);
            if (n == null) {
                continue;
            }
            long offset = Math.min(n, limit.getOrDefault(tp, Long.MAX_VALUE));
            Long done = committed.get(tp);
            if (done == null || offset > done) {
                commits.put(tp, new OffsetAndMetadata(offset));
            }
        }
        return commits;
    }

    void committed(Map<TopicPartition, OffsetAndMetadata> commits) {
        commits.forEach((tp, o) -> committed.merge(tp, o.offset(), Math::max));
    }

    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> {
            next.remove(tp);
            committed.remove(tp);
        });
    }
}
