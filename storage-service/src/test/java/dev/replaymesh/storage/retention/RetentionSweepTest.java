package dev.replaymesh.storage.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replaymesh.contract.Topics;
import dev.replaymesh.format.FrameCodec;
import dev.replaymesh.format.session.ObjectKeys;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.storage.testing.Recordings;
import dev.replaymesh.storage.testing.TopicIo;
import dev.replaymesh.store.catalog.CatalogView;
import dev.replaymesh.store.objectstore.ObjectStore;
import dev.replaymesh.testing.LocalMesh;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The test profile keeps project {@code retained} for 1 day. */
@QuarkusTest
@WithTestResource(LocalMesh.class)
class RetentionSweepTest {

    @Inject
    RetentionSweep sweep;

    @Inject
    CatalogView catalog;

    @Inject
    ObjectStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private void record(String project, String session, long receivedMs) throws Exception {
        List<byte[]> frames = new ArrayList<>();
        FrameCodec codec = new FrameCodec();
        for (Event e : Recordings.session(project, session, 200)) {
            frames.add(codec.encode(e.toBuilder().setServerReceivedMs(receivedMs + e.getClientSeq()).build()));
        }
        TopicIo.produce(bootstrap, Topics.REDACTED, session, frames);
    }

    private void awaitCatalogued(String project, String... sessions) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> listed = catalog.list(project, 0, 0, null, 1000, null).sessions().stream()
                    .filter(s -> s.getEventCount() == 200).map(s -> s.getSessionId()).toList();
            if (listed.containsAll(List.of(sessions))) {
                return;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("not catalogued within 60 s");
    }

    @Test
    void sessionsPastTheirProjectsRetentionAreDeletedOthersStay() throws Exception {
        long now = System.currentTimeMillis();
        String old = "old-" + UUID.randomUUID();
        String recent = "recent-" + UUID.randomUUID();
        String otherProject = "kept-" + UUID.randomUUID();
        record("retained", old, now - Duration.ofDays(3).toMillis());
        record("retained", recent, now - Duration.ofHours(2).toMillis());
        record("demo", otherProject, now - Duration.ofDays(300).toMillis());
        awaitCatalogued("retained", old, recent);
        awaitCatalogued("demo", otherProject);

        int deleted = 0;
        // Each replica sweeps the partitions it stores; this one stores all once it has joined.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!store.list(ObjectKeys.sessionPrefix("retained", old)).isEmpty() && System.nanoTime() < deadline) {
            deleted += sweep.sweep(System.currentTimeMillis());
            Thread.sleep(200);
        }

        assertThat(deleted).isGreaterThanOrEqualTo(1);
        assertThat(store.list(ObjectKeys.sessionPrefix("retained", old))).isEmpty();
        assertThat(store.list(ObjectKeys.sessionPrefix("retained", recent))).isNotEmpty();
        assertThat(store.list(ObjectKeys.sessionPrefix("demo", otherProject))).isNotEmpty();
        assertThat(catalog.list("retained", 0, 0, null, 1000, null).sessions())
                .noneMatch(s -> s.getSessionId().equals(old))
                .anyMatch(s -> s.getSessionId().equals(recent));
        List<byte[]> entries = TopicIo.read(bootstrap, Topics.SESSIONS, old);
        assertThat(entries.get(entries.size() - 1)).as("tombstone").isNull();
    }
}
