package dev.replaymesh.capture.service;

/** A request or batch that capture refuses whole; nothing of it was produced to Kafka. */
public class CaptureRefusedException extends RuntimeException {

    private final Refusal refusal;

    public CaptureRefusedException(Refusal refusal, String message) {
        super(message, null, false, false);
        this.refusal = refusal;
    }

    public CaptureRefusedException(Refusal refusal, String message, Throwable cause) {
        super(message, cause, false, false);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}
