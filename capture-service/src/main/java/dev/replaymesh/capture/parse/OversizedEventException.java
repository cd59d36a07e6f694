package dev.replaymesh.capture.parse;

/** An event or a batch over its configured size or count limit. */
public class OversizedEventException extends RuntimeException {

    public OversizedEventException(String message) {
        super(message, null, false, false);
    }
}
