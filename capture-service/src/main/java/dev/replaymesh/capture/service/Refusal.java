package dev.replaymesh.capture.service;

/**
 * Why capture refused a request. Each reason has one HTTP status and one gRPC status code, so
 * both transports and the metrics speak of the same cases.
 */
public enum Refusal {
    UNAUTHENTICATED(401, 16, "unauthenticated"),
    INVALID(400, 3, "invalid"),
    TOO_LARGE(413, 8, "too_large"),
    UNSUPPORTED_MEDIA_TYPE(415, 3, "unsupported_media_type"),
    UNAVAILABLE(503, 14, "unavailable");

    private final int httpStatus;
    private final int grpcCode;
    private final String tag;

    Refusal(int httpStatus, int grpcCode, String tag) {
        this.httpStatus = httpStatus;
        this.grpcCode = grpcCode;
        this.tag = tag;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** Numeric {@code io.grpc.Status.Code} value. */
    public int grpcCode() {
        return grpcCode;
    }

    /** Stable lower-case name used in error bodies and as the metrics tag. */
    public String tag() {
        return tag;
    }
}
