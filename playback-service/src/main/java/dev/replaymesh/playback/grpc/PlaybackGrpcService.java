package dev.replaymesh.playback.grpc;

import dev.replaymesh.format.VerifiedFrame;
import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.playback.config.PlaybackConfig;
import dev.replaymesh.playback.metrics.PlaybackMetrics;
import dev.replaymesh.playback.stream.PlaybackCursor;
import dev.replaymesh.playback.stream.PlaybackException;
import dev.replaymesh.playback.stream.Problem;
import dev.replaymesh.playback.stream.SessionPlayback;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.proto.v1.EventBatch;
import dev.replaymesh.proto.v1.GetSessionRequest;
import dev.replaymesh.proto.v1.PlayRequest;
import dev.replaymesh.proto.v1.PlaybackServiceGrpc;
import dev.replaymesh.proto.v1.SessionManifest;
import dev.replaymesh.store.catalog.ManifestMessages;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * {@code replay.v1.PlaybackService}: Play (an event a message) and PlayBatched (up to a verified
 * chunk's events a message). Each play runs on a thread of its own pool (at most
 * {@code replay.playback.streams.max-concurrent}) that reads one verified chunk at a time and
 * writes its events only as fast as the client takes them ({@link FlowGate}).
 */
@GrpcService
public class PlaybackGrpcService extends PlaybackServiceGrpc.PlaybackServiceImplBase {

    static final String TRANSPORT = "grpc";
    /** Most bytes of events in one PlayBatched message. */
    static final int BATCH_BYTES = 1 << 20;
    private static final Logger LOG = Logger.getLogger(PlaybackGrpcService.class);

    private final SessionPlayback playback;
    private final PlaybackMetrics metrics;
    private final Duration stallTimeout;
    private final ExecutorService workers;

    public PlaybackGrpcService(SessionPlayback playback, PlaybackMetrics metrics, PlaybackConfig config) {
        this.playback = playback;
        this.metrics = metrics;
        this.stallTimeout = config.streams().stallTimeout();
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(0, config.streams().maxConcurrent(), 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "playback-stream-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    void onStop(@Observes ShutdownEvent event) {
        workers.shutdownNow();
    }

    @Override
    public void play(PlayRequest request, StreamObserver<Event> observer) {
        start(request, observer, VerifiedFrame::events);
    }

    /**
     * PlayBatched as bound in {@link #bindService()}: the generated method's messages are
     * {@code EventBatch}, these are the same bytes written from the stored frames.
     */
    void playFrameBatches(PlayRequest request, StreamObserver<FrameBatch> observer) {
        start(request, observer, frames -> FrameBatch.of(frames, BATCH_BYTES));
    }

    /**
     * The generated definition with PlayBatched's responses written by {@link FrameBatch#MARSHALLER}.
     * Clients see {@code stream EventBatch} as playback.proto declares: the wire bytes are the same.
     */
    @Override
    public ServerServiceDefinition bindService() {
        ServerServiceDefinition generated = super.bindService();
        MethodDescriptor<PlayRequest, EventBatch> declared = PlaybackServiceGrpc.getPlayBatchedMethod();
        MethodDescriptor<PlayRequest, FrameBatch> batched = declared.toBuilder(declared.getRequestMarshaller(),
                FrameBatch.MARSHALLER).build();
        ServiceDescriptor.Builder service = ServiceDescriptor.newBuilder(PlaybackServiceGrpc.SERVICE_NAME)
                .setSchemaDescriptor(generated.getServiceDescriptor().getSchemaDescriptor());
        List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
        for (ServerMethodDefinition<?, ?> method : generated.getMethods()) {
            if (method.getMethodDescriptor().getFullMethodName().equals(declared.getFullMethodName())) {
                method = ServerMethodDefinition.create(batched, ServerCalls.asyncServerStreamingCall(this::playFrameBatches));
            }
            service.addMethod(method.getMethodDescriptor());
            methods.add(method);
        }
        ServerServiceDefinition.Builder definition = ServerServiceDefinition.builder(service.build());
        methods.forEach(definition::addMethod);
        return definition.build();
    }

    private <M> void start(PlayRequest request, StreamObserver<M> observer,
            Function<List<VerifiedFrame>, List<M>> messages) {
        ServerCallStreamObserver<M> call = (ServerCallStreamObserver<M>) observer;
        String project = ReadKeyInterceptor.PROJECT.get();
        FlowGate gate = new FlowGate(call);
        submit(call, () -> stream(project, request, call, gate, messages));
    }

    @Override
    public void getSession(GetSessionRequest request, StreamObserver<SessionManifest> observer) {
        String project = ReadKeyInterceptor.PROJECT.get();
        submit(observer, () -> {
            try {
                SessionManifest m = ManifestMessages.of(playback.manifest(project, request.getSessionId()));
                observer.onNext(m);
                observer.onCompleted();
            } catch (PlaybackException e) {
                fail(observer, e);
            }
        });
    }

    private <M> void stream(String project, PlayRequest request, ServerCallStreamObserver<M> call, FlowGate gate,
            Function<List<VerifiedFrame>, List<M>> messages) {
        metrics.streamStarted();
        try {
            Manifest manifest = playback.manifest(project, request.getSessionId());
            PlaybackCursor cursor = playback.open(manifest, request.getFromMs(), request.getToMs());
            for (List<VerifiedFrame> frames = cursor.nextFrames(); frames != null; frames = cursor.nextFrames()) {
                for (M message : messages.apply(frames)) {
                    switch (gate.awaitReady(stallTimeout)) {
                        case READY -> { }
                        case WAITED -> metrics.flowPaused();
                        case GONE -> {
                            return;
                        }
                        case STALLED -> {
                            call.onError(Status.DEADLINE_EXCEEDED.withDescription("the client took no event for "
                                    + stallTimeout).asRuntimeException());
                            return;
                        }
                    }
                    call.onNext(message);
                }
                metrics.events(TRANSPORT, frames.size());
            }
            call.onCompleted();
        } catch (PlaybackException e) {
            fail(call, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.onError(Status.UNAVAILABLE.withDescription("the service is stopping").asRuntimeException());
        } catch (RuntimeException e) {
            LOG.errorf(e, "play %s/%s failed", project, request.getSessionId());
            if (!gate.cancelled()) {
                call.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
            }
        } finally {
            metrics.streamEnded();
        }
    }

    private void submit(StreamObserver<?> observer, Runnable task) {
        try {
            workers.execute(task);
        } catch (RejectedExecutionException e) {
            fail(observer, new PlaybackException(Problem.RESOURCE_EXHAUSTED, "too many plays at once; retry later"));
        }
    }

    private void fail(StreamObserver<?> observer, PlaybackException e) {
        metrics.failed(TRANSPORT, e.problem());
        if (e.problem() == Problem.DATA_LOSS) {
            LOG.error(e.getMessage());
        }
        observer.onError(e.asGrpc());
    }
}
