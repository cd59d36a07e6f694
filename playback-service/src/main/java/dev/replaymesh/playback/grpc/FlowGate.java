package dev.replaymesh.playback.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import java.time.Duration;

/**
 * gRPC flow control for a stream written from a worker thread: {@link #awaitReady} blocks while
 * the client's window is full, so a slow client holds back the reading of chunks instead of
 * making the service buffer the session. gRPC calls the handlers on its own thread.
 */
final class FlowGate {

    private final ServerCallStreamObserver<?> call;
    private final Object lock = new Object();
    private volatile boolean cancelled;

    /** Must be made while the service method runs: gRPC takes the handlers only then. */
    FlowGate(ServerCallStreamObserver<?> call) {
        this.call = call;
        call.setOnReadyHandler(this::wake);
        call.setOnCancelHandler(() -> {
            cancelled = true;
            wake();
        });
    }

    /** The client went away (cancelled, deadline passed, connection lost). */
    boolean cancelled() {
        return cancelled;
    }

    /** Waits until the client can take another message, for at most {@code stall}. */
    Wait awaitReady(Duration stall) throws InterruptedException {
        if (call.isReady()) {
            return cancelled ? Wait.GONE : Wait.READY;
        }
        long deadline = System.nanoTime() + stall.toNanos();
        synchronized (lock) {
            while (!cancelled && !call.isReady()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Wait.STALLED;
                }
                // Bounded wait: isReady may turn true without a handler call racing our check.
                lock.wait(Math.max(1, Math.min(Duration.ofNanos(left).toMillis(), 200)));
            }
        }
        return cancelled ? Wait.GONE : Wait.WAITED;
    }

    private void wake() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    enum Wait {
        /** Ready at once. */
        READY,
        /** Ready after a pause for a slow client. */
        WAITED,
        /** The client took nothing for the whole stall timeout. */
        STALLED,
        /** The client went away. */
        GONE
    }
}
