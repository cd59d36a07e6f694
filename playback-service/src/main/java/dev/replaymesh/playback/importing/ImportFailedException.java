package dev.replaymesh.playback.importing;

/** An import that could not be completed for a reason on this side (Kafka, the bucket); retrying may work. */
public class ImportFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ImportFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
