package dev.replaymesh.bench;

import com.google.protobuf.UnsafeByteOperations;
import dev.replaymesh.proto.v1.CaptureAck;
import dev.replaymesh.proto.v1.CaptureBatch;
import dev.replaymesh.proto.v1.CaptureServiceGrpc;
import dev.replaymesh.proto.v1.CapturedEvent;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The {@code Capture} bidirectional stream: several streams, each keeping up to {@code --in-flight}
 * batches unanswered (the server holds 32 per stream) and each owning its share of the sessions.
 * Only ACCEPTED acks count; a refused batch or a failed stream is an error.
 */
@Command(name = "grpc", mixinStandardHelpOptions = true, description = "Load over the gRPC Capture stream.")
final class GrpcLoad implements Callable<Integer> {

    @Mixin
    LoadOptions options;

    @Option(names = "--streams", defaultValue = "8", description = "concurrent streams (${DEFAULT-VALUE})")
    int streams;

    @Option(names = "--channels", defaultValue = "2",
            description = "HTTP/2 connections the streams are spread over (${DEFAULT-VALUE})")
    int channels;

    @Option(names = "--in-flight", defaultValue = "32", description = "unanswered batches per stream (${DEFAULT-VALUE})")
    int inFlight;

    private Meter meter;
    private RrwebEvents events;

    private record Sent(long batchId, long nanos, int events, long payloadBytes) {
    }

    private static final class Session {
        final String id;
        long seq = 1;

        Session(String id) {
            this.id = id;
        }
    }

    /** One call. All callbacks run on its channel's event loop, one at a time. */
    private final class Stream implements ClientResponseObserver<CaptureBatch, CaptureAck> {
        final Session[] sessions;
        final ArrayDeque<Sent> unanswered = new ArrayDeque<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        ClientCallStreamObserver<CaptureBatch> requests;
        long nextBatchId = 1;
        int nextSession;
        int poolIndex;
        boolean halfClosed;

        Stream(Session[] sessions) {
            this.sessions = sessions;
            this.poolIndex = ThreadLocalRandom.current().nextInt(events.size());
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<CaptureBatch> requestStream) {
            this.requests = requestStream;
            requestStream.setOnReadyHandler(this::pump);
        }

        /** Sends while the window allows and the transport takes more (isReady: no unbounded buffering). */
        private synchronized void pump() {
            if (halfClosed) {
                return;
            }
            while (meter.sending() && unanswered.size() < inFlight && requests.isReady()) {
                send();
            }
            if (!meter.sending() && unanswered.isEmpty()) {
                halfClosed = true;
                requests.onCompleted();
            }
        }

        private void send() {
            Session session = sessions[nextSession++ % sessions.length];
            long now = System.currentTimeMillis();
            CaptureBatch.Builder batch = CaptureBatch.newBuilder().setBatchId(nextBatchId++).setSessionId(session.id);
            long payload = 0;
            for (int i = 0; i < options.batch; i++) {
                byte[] rest = events.rest(poolIndex);
                poolIndex = (poolIndex + 1) % events.size();
                // The event's own seq travels in CapturedEvent.seq, not in the JSON.
                byte[] json = new byte[RrwebEvents.stampedLength(rest, now, 0)];
                RrwebEvents.write(json, 0, rest, now, 0);
                payload += json.length;
                batch.addEvents(CapturedEvent.newBuilder().setSeq(session.seq++)
                        .setPayload(UnsafeByteOperations.unsafeWrap(json)));
            }
            CaptureBatch b = batch.build();
            unanswered.add(new Sent(b.getBatchId(), System.nanoTime(), options.batch, payload));
            requests.onNext(b);
        }

        @Override
        public void onNext(CaptureAck ack) {
            synchronized (this) {
                Sent sent = unanswered.poll();
                if (sent == null || sent.batchId() != ack.getBatchId()) {
                    meter.error("ack for batch " + ack.getBatchId() + " out of order (expected "
                            + (sent == null ? "none" : sent.batchId()) + ")");
                } else if (ack.hasAccepted() && ack.getAccepted().getCount() == sent.events()) {
                    meter.acked(sent.nanos(), sent.events(), sent.payloadBytes());
                } else {
                    meter.error("batch " + ack.getBatchId() + " not accepted: " + ack);
                }
            }
            pump();
        }

        @Override
        public void onError(Throwable t) {
            meter.error("stream failed: " + Status.fromThrowable(t));
            done.complete(null);
        }

        @Override
        public void onCompleted() {
            done.complete(null);
        }
    }

    @Override
    public Integer call() throws Exception {
        events = options.events();
        String[] ids = options.sessionIds();
        if (ids.length < streams) {
            throw new IllegalArgumentException("--sessions must be at least --streams");
        }
        if (channels > streams) {
            channels = streams;
        }
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + options.key);
        List<ManagedChannel> open = new ArrayList<>();
        List<CaptureServiceGrpc.CaptureServiceStub> stubs = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            ManagedChannel channel = NettyChannelBuilder.forAddress(options.host, options.port)
                    .usePlaintext()
                    // Our callbacks are short and non-blocking: run them on the event loop.
                    .directExecutor()
                    .build();
            open.add(channel);
            stubs.add(CaptureServiceGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)));
        }
        Progress.say("grpc: %d streams over %d connections, %d batches in flight each, %d sessions, "
                        + "%d events of ~%d B per batch, warm-up %d s",
                streams, channels, inFlight, ids.length, options.batch, options.eventSize, options.warmupSeconds);
        meter = options.meter();
        List<Stream> all = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            Session[] own = new Session[(ids.length - s + streams - 1) / streams];
            for (int i = 0; i < own.length; i++) {
                own[i] = new Session(ids[s + i * streams]);
            }
            Stream stream = new Stream(own);
            all.add(stream);
            stubs.get(s % channels).capture(stream);
        }
        meter.awaitWindow();
        for (Stream s : all) {
            s.done.get(90, TimeUnit.SECONDS);
        }
        meter.report("grpc", "streams=" + streams + " channels=" + channels + " in_flight=" + inFlight
                + " sessions=" + ids.length + " batch=" + options.batch);
        for (ManagedChannel channel : open) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        return meter.errors() == 0 ? 0 : 2;
    }
}
