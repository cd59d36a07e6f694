package dev.replaymesh.capture.grpc;

import dev.replaymesh.proto.v1.CaptureAck;
import dev.replaymesh.proto.v1.CaptureBatch;
import io.grpc.Status;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.smallrye.mutiny.subscription.MultiSubscriber;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * Starts each batch as soon as it arrives but answers in arrival order: an answer leaves only
 * when every earlier one has. A failed batch (Kafka unavailable) ends the call with its status;
 * answers after it are never sent, so the client re-sends everything not acknowledged.
 */
final class OrderedAcks implements MultiSubscriber<CaptureBatch> {

    /** Batches started but not yet answered; bounds the memory one stream can hold. */
    static final int MAX_IN_FLIGHT = 32;

    private final MultiEmitter<? super CaptureAck> out;
    private final Function<CaptureBatch, CompletableFuture<CaptureAck>> handler;
    private final ArrayDeque<CompletableFuture<CaptureAck>> pending = new ArrayDeque<>();
    private Flow.Subscription upstream;
    private boolean inputDone;
    private boolean finished;

    OrderedAcks(MultiEmitter<? super CaptureAck> out, Function<CaptureBatch, CompletableFuture<CaptureAck>> handler) {
        this.out = out;
        this.handler = handler;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        upstream = subscription;
        out.onTermination(subscription::cancel);
        subscription.request(MAX_IN_FLIGHT);
    }

    @Override
    public void onItem(CaptureBatch batch) {
        CompletableFuture<CaptureAck> answer;
        try {
            answer = handler.apply(batch);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        synchronized (this) {
            pending.add(answer);
        }
        answer.whenComplete((ack, failure) -> drain());
    }

    @Override
    public void onFailure(Throwable failure) {
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
        }
        out.fail(failure);
    }

    @Override
    public void onCompletion() {
        synchronized (this) {
            inputDone = true;
        }
        drain();
    }

    private synchronized void drain() {
        while (!finished && !pending.isEmpty() && pending.peek().isDone()) {
            CompletableFuture<CaptureAck> head = pending.poll();
            try {
                out.emit(head.join());
                upstream.request(1);
            } catch (CompletionException e) {
                finished = true;
                upstream.cancel();
                out.fail(Status.fromThrowable(e.getCause()).asRuntimeException());
                return;
            }
        }
        if (!finished && inputDone && pending.isEmpty()) {
            finished = true;
            out.complete();
        }
    }
}
