package dev.replaymesh.storage.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replaymesh.contract.Topics;
import dev.replaymesh.contract.report.RedactionReport;
import dev.replaymesh.contract.report.RedactionReportCodec;
import dev.replaymesh.contract.report.RuleCount;
import dev.replaymesh.format.FrameCodec;
import dev.replaymesh.format.chunk.Sha256;
import dev.replaymesh.format.session.ChunkEntry;
import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.format.session.ObjectKeys;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.proto.v1.SessionSummary;
import dev.replaymesh.storage.testing.Recordings;
import dev.replaymesh.storage.testing.StoredSessions;
import dev.replaymesh.storage.testing.TopicIo;
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

@QuarkusTest
@WithTestResource(LocalMesh.class)
class SessionStorageTest {

    @Inject
    ObjectStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final FrameCodec frames = new FrameCodec();

    @Test
    void aLongSessionIsStoredInOrderInVerifiedChunksAndRetriesOnce() throws Exception {
        String session = "st-" + UUID.randomUUID();
        List<Event> events = Recordings.session("demo", session, 4000);
        // Unnumbered events (as posthog-js sends them): duplicates are recognised by their content.
        for (int i = 0; i < 20; i++) {
            events.add(events.get(3990 + i % 10).toBuilder().setClientSeq(0)
                    .setClientTimestampMs(Recordings.T0 + 300_000 + i).build());
        }
        List<byte[]> sent = new ArrayList<>();
        events.forEach(e -> sent.add(frames.encode(e)));
        // A client retried events 1000..1099 and capture took them twice.
        for (int i = 1000; i < 1100; i++) {
            sent.add(2000, frames.encode(events.get(i)));
        }
        // And the unnumbered ones again.
        for (int i = 4000; i < 4020; i++) {
            sent.add(frames.encode(events.get(i)));
        }
        TopicIo.produce(bootstrap, Topics.REDACTED, session, sent);
        RedactionReportCodec reports = new RedactionReportCodec();
        TopicIo.produce(bootstrap, Topics.REDACTION_REPORTS, session, List.of(
                reports.write(report(session, 0, 1999, 3, List.of(12L, 40L))),
                reports.write(report(session, 2000, 4119, 2, List.of(2500L)))));

        Manifest manifest = StoredSessions.awaitManifest(store::get, "demo", session,
                m -> m.lastSeq() == 4020 && m.redaction().eventsSeen() == 4120, Duration.ofSeconds(60));

        assertThat(manifest.chunks()).hasSizeGreaterThanOrEqualTo(5);
        // The test profile's chunk.max-bytes is 64K: a chunk ends with the event that reaches it
        // (or earlier, when its age is up).
        assertThat(manifest.chunks()).allSatisfy(c -> assertThat(c.rawBytes()).isLessThan(64L * 1024 + 8 * 1024));
        assertThat(manifest.chunks()).anySatisfy(c -> assertThat(c.rawBytes()).isGreaterThanOrEqualTo(64L * 1024));
        assertThat(manifest.ingest().duplicates()).isEqualTo(120);
        for (ChunkEntry chunk : manifest.chunks()) {
            assertThat(Sha256.hex(store.get(chunk.key()).orElseThrow())).isEqualTo(chunk.sha256());
            assertThat(chunk.key()).startsWith(ObjectKeys.sessionPrefix("demo", session) + "chunks/2026-11-18/");
        }
        List<Event> stored = StoredSessions.events(store::get, manifest);
        List<Event> expected = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            expected.add(events.get(i).toBuilder().setSeq(i + 1).build());
        }
        assertThat(stored).containsExactlyElementsOf(expected);
        assertThat(manifest.chunks().get(0).firstFullSnapshot().seq()).isEqualTo(2);
        assertThat(manifest.activity().urls()).containsExactly("http://shop.test/page-0", "http://shop.test/page-1",
                "http://shop.test/page-2", "http://shop.test/page-3");
        assertThat(manifest.activity().clicks()).isEqualTo(100);
        assertThat(manifest.activity().errors()).isEqualTo(8);
        assertThat(manifest.activity().activeMs()).isGreaterThan(150_000);
        assertThat(manifest.redaction().rules()).singleElement().satisfies(r -> {
            assertThat(r.events()).isEqualTo(5);
            assertThat(r.positions()).containsExactly(12L, 40L, 2500L);
        });

        SessionSummary s = SessionSummary.parseFrom(TopicIo.awaitLast(bootstrap, Topics.SESSIONS, session,
                v -> v != null && SessionSummary.parseFrom(v).getEventCount() == 4020, Duration.ofSeconds(30)));
        assertThat(s.getDistinctId()).isEqualTo("user-42");
        assertThat(s.getChunkCount()).isEqualTo(manifest.chunks().size());
        assertThat(s.getClickCount()).isEqualTo(100);
        assertThat(s.getRedaction().getEventsChanged()).isEqualTo(5);
        assertThat(s.getManifestKey()).isEqualTo(ObjectKeys.manifest("demo", session));

        String metrics = io.restassured.RestAssured.get("/q/metrics").asString();
        assertThat(metrics).contains("replay_storage_events_total{outcome=\"stored\"}",
                "replay_storage_events_total{outcome=\"duplicate\"}", "replay_storage_chunks_written_total",
                "replay_storage_compression_ratio", "replay_storage_flush_latency_seconds", "kafka_consumer_");
    }

    private static RedactionReport report(String session, long first, long last, long events, List<Long> positions) {
        return new RedactionReport(RedactionReport.VERSION, "demo", session, "default-1@0123abcd", first, last,
                last - first + 1, events, 0, List.of(new RuleCount("email", "pattern", events, 0, events * 17,
                        events * 17, List.of("form#signup > input.email"), positions)));
    }
}
