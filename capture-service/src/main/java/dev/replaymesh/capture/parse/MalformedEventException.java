package dev.replaymesh.capture.parse;

/** An event that is not an rrweb event JSON object; the message names where it stands. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message) {
        super(message, null, false, false);
    }
}
