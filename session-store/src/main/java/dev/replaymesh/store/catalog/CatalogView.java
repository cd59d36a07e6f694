package dev.replaymesh.store.catalog;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.replaymesh.contract.Topics;
import dev.replaymesh.proto.v1.SessionSummary;
import dev.replaymesh.store.SessionKey;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The whole session catalog ({@code replay.catalog.topic}, default replay.sessions.v1) in this
 * replica's memory, read from the start of the compacted topic and kept current: answers "sessions of a project in a time range" and
 * "sessions of a user" without touching the bucket. Entries hold the summary serialized, which
 * is about half the memory of the parsed message (docs/STORAGE.md states the bound).
 */
@ApplicationScoped
public class CatalogView implements Runnable {

    private static final Logger LOG = Logger.getLogger(CatalogView.class);

    private final Map<String, Object> kafkaConfig;
    private final String topic;
    private final Map<SessionKey, Entry> entries = new ConcurrentHashMap<>();
    /** Per project, newest first: start time descending, then session id. */
    private final Map<String, ConcurrentSkipListMap<Position, Entry>> byProject = new ConcurrentHashMap<>();
    private KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    private volatile boolean stopping;
    private volatile boolean caughtUp;
    private volatile Map<TopicPartition, Long> startEnd = Map.of();

    public CatalogView(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "replay.catalog.topic", defaultValue = Topics.SESSIONS) String topic) {
        this.kafkaConfig = kafkaConfig;
        this.topic = topic;
    }

    void onStart(@Observes StartupEvent event) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("bootstrap.servers"));
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 20 * 1024 * 1024);
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(this, "catalog-view");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        stopping = true;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    /** True once everything the topic held at start-up has been read. */
    public boolean caughtUp() {
        return caughtUp;
    }

    public int size() {
        return entries.size();
    }

    @Override
    public void run() {
        try {
            List<TopicPartition> parts = new ArrayList<>();
            while (parts.isEmpty() && !stopping) {
                consumer.partitionsFor(topic).forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            startEnd = consumer.endOffsets(parts);
            while (!stopping) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    apply(r);
                }
                if (!caughtUp && startEnd.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    caughtUp = true;
                    LOG.infof("catalog view caught up: %d sessions", entries.size());
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            LOG.error("catalog view stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    void apply(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            // A tombstone names the session id only: forget it in every project.
            entries.keySet().removeIf(k -> {
                if (!k.sessionId().equals(r.key())) {
                    return false;
                }
                Entry old = entries.get(k);
                if (old != null) {
                    projectIndex(k.project()).remove(old.position());
                }
                return true;
            });
            return;
        }
        SessionSummary s;
        try {
            s = SessionSummary.parseFrom(r.value());
        } catch (InvalidProtocolBufferException e) {
            LOG.errorf("skipping catalog record %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), e.getMessage());
            return;
        }
        put(s, r.value());
    }

    /** Takes an entry this replica just published, so that it can be listed at once. */
    public void put(SessionSummary s, byte[] serialized) {
        SessionKey key = new SessionKey(s.getProject(), s.getSessionId());
        Entry entry = new Entry(key, s.getDistinctId().isEmpty() ? null : s.getDistinctId(),
                new Position(s.getStartMs(), s.getSessionId()), serialized);
        Entry old = entries.put(key, entry);
        ConcurrentSkipListMap<Position, Entry> index = projectIndex(s.getProject());
        if (old != null) {
            index.remove(old.position());
        }
        index.put(entry.position(), entry);
    }

    public void forget(SessionKey key) {
        Entry old = entries.remove(key);
        if (old != null) {
            projectIndex(key.project()).remove(old.position());
        }
    }

    /**
     * A page of a project's sessions, newest first.
     *
     * @param fromMs    sessions starting at or after (0: any)
     * @param toMs      sessions starting before (0: any)
     * @param user      only sessions of this distinct id, or {@code null}
     * @param pageToken where the previous page ended, or {@code null}
     */
    public Page list(String project, long fromMs, long toMs, String user, int pageSize, String pageToken) {
        Position after = pageToken == null || pageToken.isEmpty() ? null : Position.decode(pageToken);
        ConcurrentSkipListMap<Position, Entry> index = byProject.get(project);
        if (index == null) {
            return new Page(List.of(), null);
        }
        NavigableMap<Position, Entry> view = index;
        if (after != null) {
            view = index.tailMap(after, false);
        } else if (toMs > 0) {
            view = index.tailMap(new Position(toMs, ""), false);
        }
        List<SessionSummary> out = new ArrayList<>();
        Position last = null;
        for (Entry e : view.values()) {
            if (toMs > 0 && e.position().startMs() >= toMs) {
                continue;
            }
            if (fromMs > 0 && e.position().startMs() < fromMs) {
                break;
            }
            if (user != null && !user.equals(e.distinctId())) {
                continue;
            }
            out.add(e.summary());
            last = e.position();
            if (out.size() == pageSize) {
                break;
            }
        }
        String next = out.size() == pageSize && last != null ? last.encode() : null;
        return new Page(out, next);
    }

    /** Every session of a user in a project. */
    public List<SessionKey> sessionsOf(String project, String distinctId) {
        List<SessionKey> keys = new ArrayList<>();
        ConcurrentSkipListMap<Position, Entry> index = byProject.get(project);
        if (index != null) {
            for (Entry e : index.values()) {
                if (distinctId.equals(e.distinctId())) {
                    keys.add(e.key());
                }
            }
        }
        return keys;
    }

    private ConcurrentSkipListMap<Position, Entry> projectIndex(String project) {
        return byProject.computeIfAbsent(project, p -> new ConcurrentSkipListMap<>());
    }

    /** A page of summaries and the token of the next, {@code null} on the last page. */
    public record Page(List<SessionSummary> sessions, String nextPageToken) {
    }

    /** Orders a project's sessions newest first. */
    record Position(long startMs, String sessionId) implements Comparable<Position> {

        @Override
        public int compareTo(Position o) {
            int c = Long.compare(o.startMs, startMs);
            return c != 0 ? c : sessionId.compareTo(o.sessionId);
        }

        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString((startMs + ":" + sessionId).getBytes());
        }

        static Position decode(String token) {
            try {
                String s = new String(Base64.getUrlDecoder().decode(token));
                int colon = s.indexOf(':');
                return new Position(Long.parseLong(s.substring(0, colon)), s.substring(colon + 1));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("invalid page token", e);
            }
        }
    }

    private record Entry(SessionKey key, String distinctId, Position position, byte[] serialized) {
        SessionSummary summary() {
            try {
                return SessionSummary.parseFrom(serialized);
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
