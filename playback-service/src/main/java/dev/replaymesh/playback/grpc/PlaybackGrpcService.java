package dev.replaymesh.playback.grpc;

import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.playback.config.PlaybackConfig;
import dev.replaymesh.playback.metrics.PlaybackMetrics;
import dev.replaymesh.playback.stream.PlaybackCursor;
import dev.replaymesh.playback.stream.PlaybackException;
import dev.replaymesh.playback.stream.Problem;
import dev.replaymesh.playback.stream.SessionPlayback;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.proto.v1.GetSessionRequest;
import dev.replaymesh.proto.v1.PlayRequest;
import dev.replaymesh.proto.v1.PlaybackServiceGrpc;
import dev.replaymesh.proto.v1.SessionManifest;
import dev.replaymesh.store.catalog.ManifestMessages;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * {@code replay.v1.PlaybackService}. Each play runs on a thread of its own pool (at most
 * {@code replay.playback.streams.max-concurrent}) that reads one verified chunk at a time and
 * writes its events only as fast as the client takes them ({@link FlowGate}).
 */
@GrpcService
public class PlaybackGrpcService extends PlaybackServiceGrpc.PlaybackServiceImplBase {

    static final String TRANSPORT = "grpc";
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
        ServerCallStreamObserver<Event> call = (ServerCallStreamObserver<Event>) observer;
        String project = ReadKeyInterceptor.PROJECT.get();
        FlowGate gate = new FlowGate(call);
        submit(call, () -> stream(project, request, call, gate));
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

    private void stream(String project, PlayRequest request, ServerCallStreamObserver<Event> call, FlowGate gate) {
        metrics.streamStarted();
        try {
            Manifest manifest = playback.manifest(project, request.getSessionId());
            PlaybackCursor cursor = playback.open(manifest, request.getFromMs(), request.getToMs());
            for (List<Event> events = cursor.next(); events != null; events = cursor.next()) {
                for (Event e : events) {
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
                    call.onNext(e);
                }
                metrics.events(TRANSPORT, events.size());
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
