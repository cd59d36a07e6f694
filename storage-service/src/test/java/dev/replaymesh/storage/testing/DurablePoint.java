package dev.replaymesh.storage.testing;

import dev.replaymesh.format.session.Manifest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Holds the storage service's committed offsets against what is durable. The test tells it where
 * each event it sent landed (partition and offset of the events topic); a committed offset
 * {@code c} of a partition is behind the durable point when every record the test sent there
 * below {@code c} is included in its session's manifest in the bucket, that is, the manifest's
 * {@code ingest.eventOffsets} for the partition is at or past it. Committing past a record that
 * no manifest includes is what would lose it in a crash.
 *
 * <p>Sample the committed offsets first and the manifests after: manifests only grow, so a record
 * found missing was missing when the offset was read, and a violation is never a false alarm.
 */
public final class DurablePoint {

    private final String topic;
    private final String project;
    /** session → partition → offsets of the records sent for it. */
    private final Map<String, Map<Integer, NavigableSet<Long>>> sent = new ConcurrentHashMap<>();

    public DurablePoint(String topic, String project) {
        this.topic = topic;
        this.project = project;
    }

    /** A record of {@code session} the broker acknowledged. */
    public void sent(String session, RecordMetadata where) {
        sent.computeIfAbsent(session, s -> new ConcurrentHashMap<>())
                .computeIfAbsent(where.partition(), p -> new ConcurrentSkipListSet<>())
                .add(where.offset());
    }

    /** Highest offset sent to each partition (by any session), for waiting until all is committed. */
    public Map<Integer, Long> lastSent() {
        Map<Integer, Long> last = new HashMap<>();
        sent.values().forEach(byPartition -> byPartition.forEach((p, offsets) -> {
            if (!offsets.isEmpty()) {
                last.merge(p, offsets.last(), Math::max);
            }
        }));
        return last;
    }

    /** The group's committed offsets of the topic, by partition. */
    public Map<Integer, Long> committed(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        Map<Integer, Long> out = new HashMap<>();
        offsets.forEach((tp, o) -> {
            if (tp.topic().equals(topic) && o != null) {
                out.put(tp.partition(), o.offset());
            }
        });
        return out;
    }

    /**
     * Records the test sent that the bucket holds but that are at or past the committed offset:
     * what a replica starting now reads again and must skip as already stored.
     */
    public long storedNotCommitted(Map<Integer, Long> committed, StoredSessions.Objects bucket) throws Exception {
        long n = 0;
        for (Map.Entry<String, Map<Integer, NavigableSet<Long>>> s : sent.entrySet()) {
            Optional<Manifest> manifest = StoredSessions.manifest(bucket, project, s.getKey());
            for (Map.Entry<Integer, NavigableSet<Long>> p : s.getValue().entrySet()) {
                long stored = manifest.map(m -> m.ingest().eventOffsets().getOrDefault(topic + ":" + p.getKey(), -1L))
                        .orElse(-1L);
                long from = committed.getOrDefault(p.getKey(), 0L);
                if (stored >= from) {
                    n += p.getValue().subSet(from, true, stored, true).size();
                }
            }
        }
        return n;
    }

    /**
     * What {@code committed} passed that the bucket does not hold: one line per session and
     * partition; empty if the committed offsets are behind the durable point.
     */
    public List<String> violations(Map<Integer, Long> committed, StoredSessions.Objects bucket) throws Exception {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Map<Integer, NavigableSet<Long>>> s : sent.entrySet()) {
            Optional<Manifest> manifest = null;
            for (Map.Entry<Integer, NavigableSet<Long>> p : s.getValue().entrySet()) {
                Long c = committed.get(p.getKey());
                Long lastBelow = c == null ? null : p.getValue().lower(c);
                if (lastBelow == null) {
                    continue;
                }
                if (manifest == null) {
                    manifest = StoredSessions.manifest(bucket, project, s.getKey());
                }
                long stored = manifest.map(m -> m.ingest().eventOffsets().getOrDefault(topic + ":" + p.getKey(), -1L))
                        .orElse(-1L);
                if (stored < lastBelow) {
                    out.add(topic + "-" + p.getKey() + " committed at " + c + " but " + s.getKey()
                            + " is stored only up to offset " + stored + " (it has a record at " + lastBelow + ")");
                }
            }
        }
        return out;
    }
}
