package dev.replaymesh.mesh;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The mesh's Kafka topics and how they are created. The one place that knows their settings:
 * {@link MeshSetup} (local mesh) and test-support's dedicated test brokers both call
 * {@link #ensure}.
 */
public final class MeshTopics {

    // The replay.v1 contract's topic names; must equal dev.replaymesh.contract.Topics in proto.
    public static final String CAPTURE = "replay.capture.v1";
    public static final String REDACTED = "replay.redacted.v1";
    public static final String REDACTION_REPORTS = "replay.redaction-reports.v1";
    /** Compacted catalog: latest manifest summary per session id. */
    public static final String SESSIONS = "replay.sessions.v1";
    /** Deletion requests, partitioned like the events so that the replica storing a session deletes it. */
    public static final String DELETIONS = "replay.deletions.v1";

    public static final int DEFAULT_PARTITIONS = 3;

    /**
     * Single events may be up to 16 MB; 20 MiB leaves room for the envelope, headers and batch
     * overhead. The broker's message.max.bytes and replica.fetch.max.bytes must be at least this.
     */
    public static final int MAX_MESSAGE_BYTES = 20 * 1024 * 1024;

    /** One topic as the mesh wants it. */
    public record TopicSpec(String name, int partitions, Map<String, String> configs) {
        public NewTopic newTopic(short replicationFactor) {
            return new NewTopic(name, partitions, replicationFactor).configs(configs);
        }
    }

    /** What {@link #ensure} did. */
    public record Outcome(List<String> created, List<String> existing, List<String> warnings) {
    }

    private MeshTopics() {
    }

    public static List<String> names() {
        return List.of(CAPTURE, REDACTED, REDACTION_REPORTS, SESSIONS, DELETIONS);
    }

    public static List<TopicSpec> specs(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        Map<String, String> stream = Map.of(
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_MESSAGE_BYTES));
        Map<String, String> catalog = Map.of(
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_MESSAGE_BYTES),
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        return List.of(
                new TopicSpec(CAPTURE, partitions, stream),
                new TopicSpec(REDACTED, partitions, stream),
                new TopicSpec(REDACTION_REPORTS, partitions, stream),
                new TopicSpec(SESSIONS, partitions, catalog),
                new TopicSpec(DELETIONS, partitions, stream));
    }

    /**
     * Creates the missing topics and brings the configs of existing ones to the spec. Never
     * deletes, and never changes an existing topic's partition count (that would move keys to
     * other partitions and break per-session order); a different count is reported as a warning.
     */
    public static Outcome ensure(Admin admin, int partitions, short replicationFactor, Duration timeout,
            Consumer<String> log) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<TopicSpec> specs = specs(partitions);
        Set<String> present = admin.listTopics().names().get(remaining(deadline), TimeUnit.NANOSECONDS);

        List<String> created = new ArrayList<>();
        List<String> existing = new ArrayList<>();
        List<String> warnings = new ArrayList<>();

        List<NewTopic> missing = specs.stream()
                .filter(s -> !present.contains(s.name()))
                .map(s -> s.newTopic(replicationFactor))
                .toList();
        if (!missing.isEmpty()) {
            var results = admin.createTopics(missing).values();
            for (var e : results.entrySet()) {
                try {
                    e.getValue().get(remaining(deadline), TimeUnit.NANOSECONDS);
                    created.add(e.getKey());
                    log.accept("created topic " + e.getKey());
                } catch (ExecutionException ex) {
                    // Someone else (another MeshSetup, a test) created it in between: fine.
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw ex;
                    }
                    existing.add(e.getKey());
                }
            }
        }

        List<TopicSpec> toCheck = specs.stream().filter(s -> !created.contains(s.name())).toList();
        if (!toCheck.isEmpty()) {
            Collection<String> names = toCheck.stream().map(TopicSpec::name).toList();
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames()
                    .get(remaining(deadline), TimeUnit.NANOSECONDS);
            Map<ConfigResource, Collection<AlterConfigOp>> alter = toCheck.stream().collect(Collectors.toMap(
                    s -> new ConfigResource(ConfigResource.Type.TOPIC, s.name()),
                    s -> s.configs().entrySet().stream()
                            .map(c -> new AlterConfigOp(new ConfigEntry(c.getKey(), c.getValue()),
                                    AlterConfigOp.OpType.SET))
                            .toList()));
            admin.incrementalAlterConfigs(alter).all().get(remaining(deadline), TimeUnit.NANOSECONDS);
            for (TopicSpec s : toCheck) {
                if (!existing.contains(s.name())) {
                    existing.add(s.name());
                }
                int actual = described.get(s.name()).partitions().size();
                if (actual != s.partitions()) {
                    String w = "topic " + s.name() + " has " + actual + " partitions, spec says "
                            + s.partitions() + " (left as is)";
                    warnings.add(w);
                    log.accept("warning: " + w);
                }
                log.accept("topic " + s.name() + " exists, config checked");
            }
        }
        return new Outcome(List.copyOf(created), List.copyOf(existing), List.copyOf(warnings));
    }

    private static long remaining(long deadline) throws TimeoutException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new TimeoutException("timed out creating the mesh topics");
        }
        return left;
    }
}
