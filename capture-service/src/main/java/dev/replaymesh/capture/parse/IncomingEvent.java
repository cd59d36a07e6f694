package dev.replaymesh.capture.parse;

/**
 * One recorded event as a client sent it, checked to be an rrweb event.
 *
 * @param windowId  window id the client gave for this event, or {@code null}
 * @param clientSeq the client's sequence number, 0 when it did not number the event
 * @param type      rrweb event type
 * @param timestamp rrweb timestamp, ms since the epoch
 * @param payload   the event JSON object, UTF-8, on one line
 */
public record IncomingEvent(String windowId, long clientSeq, int type, long timestamp, byte[] payload) {
}
