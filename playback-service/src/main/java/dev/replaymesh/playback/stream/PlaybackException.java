package dev.replaymesh.playback.stream;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** A read that cannot go on, with the {@link Problem} that says how each transport reports it. */
public class PlaybackException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Problem problem;

    public PlaybackException(Problem problem, String message) {
        this(problem, message, null);
    }

    public PlaybackException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public StatusRuntimeException asGrpc() {
        return Status.fromCode(problem.grpcCode()).withDescription(getMessage()).asRuntimeException();
    }
}
