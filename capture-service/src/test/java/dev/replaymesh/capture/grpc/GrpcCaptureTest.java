package dev.replaymesh.capture.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.replaymesh.capture.testing.CaptureStream;
import dev.replaymesh.capture.testing.Recordings;
import dev.replaymesh.capture.testing.SessionLog;
import dev.replaymesh.proto.v1.CaptureAck;
import dev.replaymesh.proto.v1.CaptureBatch;
import dev.replaymesh.proto.v1.CapturedEvent;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.testing.LocalMesh;
import io.grpc.Status;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gRPC capture stream against the real broker. */
@QuarkusTest
@WithTestResource(LocalMesh.class)
class GrpcCaptureTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @TestHTTPResource("/")
    URL server;

    SessionLog log;

    @BeforeEach
    void mark() {
        log = SessionLog.open();
    }

    @AfterEach
    void close() {
        log.close();
    }

    @Test
    void streamedBatchesAreAcknowledgedInOrderAndLandByteExact() throws Exception {
        String session = Recordings.sessionId();
        List<String> payloads = new ArrayList<>();
        try (CaptureStream stream = new CaptureStream(server, "demo-capture-key")) {
            long seq = 0;
            for (int b = 1; b <= 20; b++) {
                CaptureBatch.Builder batch = CaptureBatch.newBuilder().setBatchId(b).setSessionId(session).setWindowId("w");
                for (int i = 0; i < 50; i++) {
                    String payload = Recordings.event(1_700_000_000_000L + seq, 1000);
                    payloads.add(payload);
                    batch.addEvents(CapturedEvent.newBuilder().setSeq(++seq).setPayload(ByteString.copyFromUtf8(payload)));
                }
                stream.send(batch.build());
            }
            for (int b = 1; b <= 20; b++) {
                CaptureAck ack = stream.nextAck(WAIT);
                assertThat(ack).as("ack of batch " + b).isNotNull();
                assertThat(ack.getBatchId()).isEqualTo(b);
                assertThat(ack.hasAccepted()).isTrue();
                assertThat(ack.getAccepted().getCount()).isEqualTo(50);
                assertThat(ack.getAccepted().getDurableSeq()).isEqualTo(b * 50L);
            }
            stream.finish();
            assertThat(stream.end(WAIT)).extracting(Status::getCode).isEqualTo(Status.Code.OK);
        }
        List<Event> stored = log.read(session, 1000, WAIT);
        assertThat(stored).extracting(e -> e.getPayload().toStringUtf8()).containsExactlyElementsOf(payloads);
        assertThat(stored).extracting(Event::getClientSeq).isSorted().doesNotHaveDuplicates();
        assertThat(stored).extracting(Event::getWindowId).containsOnly("w");
    }

    @Test
    void badBatchIsRefusedAndTheStreamGoesOn() throws Exception {
        String session = Recordings.sessionId();
        String good = Recordings.event(5, 200);
        try (CaptureStream stream = new CaptureStream(server, "demo-capture-key")) {
            stream.send(CaptureBatch.newBuilder().setBatchId(1).setSessionId(session)
                    .addEvents(CapturedEvent.newBuilder().setSeq(1).setPayload(ByteString.copyFromUtf8("{\"type\":2}")))
                    .build());
            stream.send(CaptureBatch.newBuilder().setBatchId(2).setSessionId("no/slashes")
                    .addEvents(CapturedEvent.newBuilder().setSeq(1).setPayload(ByteString.copyFromUtf8(good)))
                    .build());
            stream.send(CaptureBatch.newBuilder().setBatchId(3).setSessionId(session)
                    .addEvents(CapturedEvent.newBuilder().setSeq(2).setPayload(ByteString.copyFromUtf8(good)))
                    .build());
            CaptureAck first = stream.nextAck(WAIT);
            assertThat(first.getBatchId()).isEqualTo(1);
            assertThat(first.getRefused().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
            assertThat(first.getRefused().getMessage()).contains("event 1").contains("timestamp");
            CaptureAck second = stream.nextAck(WAIT);
            assertThat(second.getRefused().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
            assertThat(second.getRefused().getMessage()).contains("session id");
            CaptureAck third = stream.nextAck(WAIT);
            assertThat(third.getBatchId()).isEqualTo(3);
            assertThat(third.getAccepted().getDurableSeq()).isEqualTo(2);
            stream.finish();
        }
        assertThat(log.read(session, 1, WAIT)).extracting(e -> e.getPayload().toStringUtf8()).containsExactly(good);
    }

    @Test
    void fiveMegabyteFullSnapshotPassesWhole() throws Exception {
        String session = Recordings.sessionId();
        String snapshot = Recordings.fullSnapshot(1_700_000_000_000L, 5 * 1024 * 1024);
        try (CaptureStream stream = new CaptureStream(server, "demo-capture-key")) {
            stream.send(CaptureBatch.newBuilder().setBatchId(1).setSessionId(session)
                    .addEvents(CapturedEvent.newBuilder().setSeq(1).setPayload(ByteString.copyFromUtf8(snapshot)))
                    .build());
            assertThat(stream.nextAck(WAIT).hasAccepted()).isTrue();
            stream.finish();
        }
        List<Event> stored = log.read(session, 1, WAIT);
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).getPayload().toStringUtf8()).isEqualTo(snapshot);
    }

    @Test
    void missingOrUnknownKeyEndsTheCallUnauthenticated() throws Exception {
        for (String key : new String[] {null, "wrong-key"}) {
            try (CaptureStream stream = new CaptureStream(server, key)) {
                stream.send(CaptureBatch.newBuilder().setBatchId(1).setSessionId(Recordings.sessionId())
                        .addEvents(CapturedEvent.newBuilder().setSeq(1).setPayload(ByteString.copyFromUtf8(Recordings.event(1, 100))))
                        .build());
                assertThat(stream.end(WAIT).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                assertThat(stream.nextAck(Duration.ZERO)).isNull();
            }
        }
    }

    @Test
    void oversizedEventIsResourceExhausted() throws Exception {
        // 17 MB: over the 16 MB event limit but under the 64 MB message limit, so the batch is refused.
        String session = Recordings.sessionId();
        try (CaptureStream stream = new CaptureStream(server, "demo-capture-key")) {
            stream.send(CaptureBatch.newBuilder().setBatchId(9).setSessionId(session)
                    .addEvents(CapturedEvent.newBuilder().setSeq(1)
                            .setPayload(ByteString.copyFromUtf8(Recordings.fullSnapshot(1, 17 * 1024 * 1024))))
                    .build());
            CaptureAck ack = stream.nextAck(WAIT);
            assertThat(ack.getRefused().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED.value());
            stream.finish();
        }
    }
}
