package dev.replaymesh.storage.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replaymesh.contract.Topics;
import dev.replaymesh.format.FrameCodec;
import dev.replaymesh.format.session.ObjectKeys;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.proto.v1.ListSessionsRequest;
import dev.replaymesh.proto.v1.ListSessionsResponse;
import dev.replaymesh.proto.v1.SessionManifest;
import dev.replaymesh.proto.v1.SessionRef;
import dev.replaymesh.proto.v1.StorageServiceGrpc;
import dev.replaymesh.proto.v1.StreamEventsRequest;
import dev.replaymesh.storage.testing.Recordings;
import dev.replaymesh.storage.testing.TopicIo;
import dev.replaymesh.store.objectstore.ObjectStore;
import dev.replaymesh.testing.LocalMesh;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(LocalMesh.class)
class StorageGrpcServiceTest {

    @Inject
    ObjectStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @TestHTTPResource("/")
    URL server;

    private ManagedChannel channel;
    private StorageServiceGrpc.StorageServiceBlockingStub storage;
    private final String project = "g" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress(server.getHost(), server.getPort()).usePlaintext().build();
        storage = StorageServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        channel.shutdownNow();
    }

    private List<Event> storeSession(String session, int count) throws Exception {
        List<Event> events = Recordings.session(project, session, count);
        List<byte[]> frames = new ArrayList<>();
        FrameCodec codec = new FrameCodec();
        events.forEach(e -> frames.add(codec.encode(e)));
        TopicIo.produce(bootstrap, Topics.REDACTED, session, frames);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            ListSessionsResponse listed = storage.listSessions(ListSessionsRequest.newBuilder().setProject(project)
                    .build());
            if (listed.getSessionsList().stream().anyMatch(s -> s.getSessionId().equals(session)
                    && s.getEventCount() == count)) {
                return events;
            }
            Thread.sleep(300);
        }
        throw new AssertionError(session + " not catalogued within 60 s");
    }

    private List<Event> stream(String session, long fromSeq) {
        List<Event> out = new ArrayList<>();
        Iterator<Event> it = storage.streamEvents(StreamEventsRequest.newBuilder()
                .setSession(ref(session)).setFromSeq(fromSeq).build());
        it.forEachRemaining(out::add);
        return out;
    }

    private SessionRef ref(String session) {
        return SessionRef.newBuilder().setProject(project).setSessionId(session).build();
    }

    @Test
    void servesTheManifestAndTheEventsInOrder() throws Exception {
        String session = "grpc-" + UUID.randomUUID();
        List<Event> events = storeSession(session, 2500);

        SessionManifest manifest = storage.getManifest(ref(session));
        assertThat(manifest.getSession().getEventCount()).isEqualTo(2500);
        assertThat(manifest.getChunksCount()).isGreaterThan(2).isEqualTo(manifest.getSession().getChunkCount());
        assertThat(manifest.getChunks(0).getFirstSeq()).isEqualTo(1);
        assertThat(manifest.getChunks(0).getFirstFullSnapshotSeq()).isEqualTo(2);

        List<Event> all = stream(session, 0);
        assertThat(all).hasSize(2500);
        for (int i = 0; i < all.size(); i++) {
            assertThat(all.get(i)).isEqualTo(events.get(i).toBuilder().setSeq(i + 1).build());
        }
        assertThat(stream(session, 2001)).extracting(Event::getSeq).first().isEqualTo(2001L);
    }

    @Test
    void aDamagedChunkEndsTheStreamWithDataLossNamingIt() throws Exception {
        String session = "grpc-bad-" + UUID.randomUUID();
        storeSession(session, 1500);
        SessionManifest manifest = storage.getManifest(ref(session));
        String second = manifest.getChunks(1).getKey();
        byte[] object = store.get(second).orElseThrow();
        object[object.length / 2] ^= 0x01;
        store.put(second, object, "application/zstd");

        assertThatThrownBy(() -> stream(session, 1)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DATA_LOSS);
            assertThat(e.getStatus().getDescription()).contains(second);
        });
        assertThat(store.list(ObjectKeys.sessionPrefix(project, session))).contains(second);
    }

    @Test
    void unknownSessionsAndBadIdsAreClearErrors() {
        assertThatThrownBy(() -> storage.getManifest(ref("no-such-session")))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        assertThatThrownBy(() -> stream("bad/id", 1))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThatThrownBy(() -> storage.listSessions(ListSessionsRequest.newBuilder().setProject(project)
                .setPageSize(5000).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }
}
