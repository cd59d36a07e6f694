package dev.replaymesh.playback.testing;

import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.proto.v1.EventBatch;
import dev.replaymesh.proto.v1.GetSessionRequest;
import dev.replaymesh.proto.v1.PlayRequest;
import dev.replaymesh.proto.v1.PlaybackServiceGrpc;
import dev.replaymesh.proto.v1.SessionManifest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import java.net.URL;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A plain grpc-java client of the playback service, as a reader's program would use it. */
public final class PlaybackClient implements AutoCloseable {

    private final ManagedChannel channel;
    private final PlaybackServiceGrpc.PlaybackServiceBlockingStub blocking;
    private final PlaybackServiceGrpc.PlaybackServiceStub async;

    public PlaybackClient(URL server, String readKey) {
        channel = ManagedChannelBuilder.forAddress(server.getHost(), server.getPort()).usePlaintext()
                .maxInboundMessageSize(64 * 1024 * 1024).build();
        Metadata headers = new Metadata();
        if (readKey != null) {
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + readKey);
        }
        blocking = PlaybackServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        async = PlaybackServiceGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    /** The events a play delivered and how it ended. */
    public record Played(List<Event> events, Status status) {
    }

    public Played play(String session, long fromMs, long toMs) {
        List<Event> events = new ArrayList<>();
        Iterator<Event> it = blocking.withDeadlineAfter(60, TimeUnit.SECONDS).play(PlayRequest.newBuilder()
                .setSessionId(session).setFromMs(fromMs).setToMs(toMs).build());
        try {
            it.forEachRemaining(events::add);
            return new Played(events, Status.OK);
        } catch (StatusRuntimeException e) {
            return new Played(events, e.getStatus());
        }
    }

    /** PlayBatched: the batches as they came, and how the stream ended. */
    public record PlayedBatches(List<EventBatch> batches, Status status) {
        public List<Event> events() {
            return batches.stream().flatMap(b -> b.getEventsList().stream()).toList();
        }
    }

    public PlayedBatches playBatched(String session, long fromMs, long toMs) {
        List<EventBatch> batches = new ArrayList<>();
        Iterator<EventBatch> it = blocking.withDeadlineAfter(60, TimeUnit.SECONDS).playBatched(PlayRequest.newBuilder()
                .setSessionId(session).setFromMs(fromMs).setToMs(toMs).build());
        try {
            it.forEachRemaining(batches::add);
            return new PlayedBatches(batches, Status.OK);
        } catch (StatusRuntimeException e) {
            return new PlayedBatches(batches, e.getStatus());
        }
    }

    public SessionManifest getSession(String session) {
        return blocking.withDeadlineAfter(30, TimeUnit.SECONDS)
                .getSession(GetSessionRequest.newBuilder().setSessionId(session).build());
    }

    /** A play whose client takes events only when {@link SlowPlay#take} asks for them. */
    public SlowPlay playSlowly(String session) {
        SlowPlay play = new SlowPlay();
        async.play(PlayRequest.newBuilder().setSessionId(session).build(), play);
        return play;
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Manual flow control: nothing is requested until {@link #take}. */
    public static final class SlowPlay implements ClientResponseObserver<PlayRequest, Event> {
        private final LinkedBlockingQueue<Event> received = new LinkedBlockingQueue<>();
        private final CompletableFuture<Status> end = new CompletableFuture<>();
        private ClientCallStreamObserver<PlayRequest> call;

        @Override
        public void beforeStart(ClientCallStreamObserver<PlayRequest> requestStream) {
            call = requestStream;
            requestStream.disableAutoRequestWithInitial(0);
        }

        /** Asks for {@code n} more events and waits for them. */
        public List<Event> take(int n) throws InterruptedException {
            call.request(n);
            List<Event> got = new ArrayList<>();
            while (got.size() < n && !end.isDone()) {
                Event e = received.poll(100, TimeUnit.MILLISECONDS);
                if (e != null) {
                    got.add(e);
                }
            }
            received.drainTo(got);
            return got;
        }

        public void cancel() {
            call.cancel("test done", null);
        }

        public CompletableFuture<Status> end() {
            return end;
        }

        @Override
        public void onNext(Event value) {
            received.add(value);
        }

        @Override
        public void onError(Throwable t) {
            end.complete(Status.fromThrowable(t));
        }

        @Override
        public void onCompleted() {
            end.complete(Status.OK);
        }
    }
}
