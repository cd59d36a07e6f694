package dev.replaymesh.playback.stream;

import io.grpc.Status;

/** Why a read was refused or ended, with the status it has on each transport. */
public enum Problem {
    INVALID_ARGUMENT(400, Status.Code.INVALID_ARGUMENT),
    UNAUTHENTICATED(401, Status.Code.UNAUTHENTICATED),
    NOT_FOUND(404, Status.Code.NOT_FOUND),
    RESOURCE_EXHAUSTED(429, Status.Code.RESOURCE_EXHAUSTED),
    /** A chunk or manifest failed verification, or a chunk is missing: never skipped silently. */
    DATA_LOSS(500, Status.Code.DATA_LOSS),
    /** The bucket did not answer; retrying later may work. */
    UNAVAILABLE(503, Status.Code.UNAVAILABLE);

    private final int httpStatus;
    private final Status.Code grpcCode;

    Problem(int httpStatus, Status.Code grpcCode) {
        this.httpStatus = httpStatus;
        this.grpcCode = grpcCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public Status.Code grpcCode() {
        return grpcCode;
    }

    /** The tag in JSON error bodies, e.g. {@code data_loss}. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
