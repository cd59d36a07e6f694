package dev.replaymesh.playback.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replaymesh.contract.EventTypes;
import dev.replaymesh.format.session.ChunkEntry;
import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.playback.testing.PlaybackClient;
import dev.replaymesh.playback.testing.PlaybackClient.Played;
import dev.replaymesh.playback.testing.SessionFixture;
import dev.replaymesh.playback.testing.SyntheticSession;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.proto.v1.SessionManifest;
import dev.replaymesh.store.objectstore.ObjectStore;
import dev.replaymesh.testing.LocalMesh;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** gRPC play of sessions stored in the real bucket: order, byte identity, seeking, verification, flow control. */
@QuarkusTest
@WithTestResource(LocalMesh.class)
class PlayTest {

    /** Pages of 50 events: Meta at seq 1, 51, 101, ...; FullSnapshot right after each. */
    static final int PAGE = 50;

    @TestHTTPResource("/")
    URL server;

    @Inject
    ObjectStore store;

    @Inject
    MeterRegistry meters;

    SessionFixture fixture;
    PlaybackClient client;

    @BeforeEach
    void open() {
        fixture = new SessionFixture(store);
        client = new PlaybackClient(server, "demo-read-key");
    }

    @AfterEach
    void close() throws InterruptedException {
        client.close();
    }

    @Test
    void streamsEveryEventByteIdenticalAndInSequenceOrder() {
        List<Event> events = session(300, 40);
        Played played = client.play(id(events), 0, 0);
        assertThat(played.status().getCode()).isEqualTo(Status.Code.OK);
        assertThat(played.events()).extracting(Event::toByteString)
                .containsExactlyElementsOf(events.stream().map(Event::toByteString).toList());
    }

    @Test
    void playBatchedSendsTheSameEventsInFewerMessagesAndEndsTheSameWay() {
        // ~20 KB events in chunks of 100: a chunk is ~2 MB, so it goes out in messages of at most 1 MiB.
        List<Event> events = SyntheticSession.events("demo", SyntheticSession.newId(), 300, PAGE, 20_000);
        Manifest m = fixture.store(events, 100);
        PlaybackClient.PlayedBatches played = client.playBatched(id(events), 0, 0);
        assertThat(played.status().getCode()).isEqualTo(Status.Code.OK);
        assertThat(played.events()).isEqualTo(events);
        assertThat(played.batches()).hasSizeBetween(6, 12)
                .allSatisfy(b -> assertThat(b.getSerializedSize()).isLessThanOrEqualTo((1 << 20) + 64));
        assertThat(client.playBatched(id(events), ts(events, 130), ts(events, 250)).events())
                .containsExactlyElementsOf(events.subList(100, 250));

        fixture.corrupt(m.chunks().get(1).key(), 100);
        PlaybackClient.PlayedBatches broken = client.playBatched(id(events), 0, 0);
        assertThat(broken.status().getCode()).isEqualTo(Status.Code.DATA_LOSS);
        assertThat(broken.status().getDescription()).contains(m.chunks().get(1).key()).contains("101..200");
        assertThat(broken.events()).containsExactlyElementsOf(events.subList(0, 100));
    }

    @Test
    void seekStartsAtTheMetaAndFullSnapshotBeforeTheWantedTime() {
        List<Event> events = session(300, 40);
        Played played = client.play(id(events), ts(events, 130), 0);
        assertThat(played.status().getCode()).isEqualTo(Status.Code.OK);
        assertThat(played.events()).first().extracting(Event::getSeq, Event::getEventType)
                .containsExactly(101L, EventTypes.META);
        assertThat(played.events().get(1).getEventType()).isEqualTo(EventTypes.FULL_SNAPSHOT);
        assertThat(played.events()).containsExactlyElementsOf(events.subList(100, 300));
    }

    @Test
    void seekFindsTheMetaAtTheEndOfThePreviousChunk() {
        // Chunk 1 is 1..101 and ends with the Meta; chunk 2 starts with its FullSnapshot.
        List<Event> events = SyntheticSession.events("demo", SyntheticSession.newId(), 200, PAGE, 200);
        fixture.store(events, 101, 40);
        Played played = client.play(id(events), ts(events, 120), 0);
        assertThat(played.events()).first().extracting(Event::getSeq).isEqualTo(101L);
        assertThat(played.events()).containsExactlyElementsOf(events.subList(100, 200));
    }

    @Test
    void aTimeBeforeTheFirstSnapshotPlaysFromTheStart() {
        List<Event> events = session(120, 40);
        assertThat(client.play(id(events), SyntheticSession.START_MS - 5_000, 0).events()).isEqualTo(events);
    }

    @Test
    void stopsAfterTheLastEventAtOrBeforeTheEndTime() {
        List<Event> events = session(300, 40);
        Played played = client.play(id(events), ts(events, 60), ts(events, 150));
        assertThat(played.status().getCode()).isEqualTo(Status.Code.OK);
        assertThat(played.events()).containsExactlyElementsOf(events.subList(50, 150));
    }

    @Test
    void aCorruptChunkEndsTheStreamWithDataLossNamingItAfterTheChunksBefore() {
        List<Event> events = SyntheticSession.events("demo", SyntheticSession.newId(), 200, PAGE, 200);
        Manifest m = fixture.store(events, 40);
        ChunkEntry third = m.chunks().get(2);
        fixture.corrupt(third.key(), (int) third.storedBytes() / 2);
        Played played = client.play(id(events), 0, 0);
        assertThat(played.status().getCode()).isEqualTo(Status.Code.DATA_LOSS);
        assertThat(played.status().getDescription()).contains(third.key()).contains("81..120");
        assertThat(played.events()).containsExactlyElementsOf(events.subList(0, 80));
    }

    @Test
    void aMissingChunkIsDataLossToo() {
        List<Event> events = SyntheticSession.events("demo", SyntheticSession.newId(), 120, PAGE, 200);
        Manifest m = fixture.store(events, 40);
        fixture.remove(m.chunks().get(1).key());
        Played played = client.play(id(events), 0, 0);
        assertThat(played.status().getCode()).isEqualTo(Status.Code.DATA_LOSS);
        assertThat(played.status().getDescription()).contains(m.chunks().get(1).key()).contains("missing");
        assertThat(played.events()).hasSize(40);
    }

    @Test
    void readsOnlyTheProjectOfItsKey() throws InterruptedException {
        List<Event> events = session(60, 40);
        assertThat(client.play("no-such-session", 0, 0).status().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        try (PlaybackClient other = new PlaybackClient(server, "other-read-key");
                PlaybackClient anonymous = new PlaybackClient(server, null);
                PlaybackClient wrong = new PlaybackClient(server, "demo-capture-key")) {
            assertThat(other.play(id(events), 0, 0).status().getCode()).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(anonymous.play(id(events), 0, 0).status().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(wrong.play(id(events), 0, 0).status().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        }
        assertThat(client.play("../etc", 0, 0).status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(client.play(id(events), 500, 100).status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void getSessionAnswersTheManifest() {
        List<Event> events = session(130, 40);
        SessionManifest m = client.getSession(id(events));
        assertThat(m.getSession().getSessionId()).isEqualTo(id(events));
        assertThat(m.getSession().getEventCount()).isEqualTo(130);
        assertThat(m.getChunksList()).extracting(c -> c.getFirstSeq()).containsExactly(1L, 41L, 81L, 121L);
        assertThat(m.getChunks(1).getFirstFullSnapshotSeq()).isEqualTo(52);
        assertThatThrownBy(() -> client.getSession("missing")).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void aSlowClientHoldsBackTheReadingInsteadOfFillingMemory() throws Exception {
        // 400 events of ~20 KB in chunks of 10: 8 MB, far more than the transport's windows.
        List<Event> events = SyntheticSession.events("demo", SyntheticSession.newId(), 400, PAGE, 20_000);
        fixture.store(events, 10);
        double streamedBefore = streamed();
        double pausesBefore = meters.counter("replay.playback.stream.flow.pauses").count();
        PlaybackClient.SlowPlay play = client.playSlowly(id(events));
        assertThat(play.take(1)).hasSize(1);
        TimeUnit.MILLISECONDS.sleep(1500);
        assertThat(streamed() - streamedBefore).as("events the server wrote while the client took one")
                .isLessThan(200);
        assertThat(play.end()).isNotDone();
        List<Event> rest = play.take(399);
        assertThat(rest).hasSize(399);
        assertThat(play.end().get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
        assertThat(meters.counter("replay.playback.stream.flow.pauses").count()).isGreaterThan(pausesBefore);
    }

    private double streamed() {
        return meters.counter("replay.playback.events", "transport", "grpc").count();
    }

    private List<Event> session(int count, int chunkSize) {
        List<Event> events = SyntheticSession.events("demo", SyntheticSession.newId(), count, PAGE, 200);
        fixture.store(events, chunkSize);
        return events;
    }

    private static String id(List<Event> events) {
        return events.get(0).getSessionId();
    }

    /** Client time of the event with this sequence number. */
    private static long ts(List<Event> events, long seq) {
        return events.get((int) seq - 1).getClientTimestampMs();
    }
}
