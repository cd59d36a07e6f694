package dev.replaymesh.capture.service;

import dev.replaymesh.capture.parse.IncomingEvent;
import java.util.List;

/**
 * Events of one session that capture accepts or refuses together.
 *
 * @param project         project the capture key belongs to
 * @param sessionId       checked session id
 * @param defaultWindowId window id for events that carry none; may be empty
 * @param distinctId      user id the client attached, or empty
 * @param events          the events, in the order the client sent them
 * @param bytes           size of the request as received, for the metrics
 */
public record CaptureBatch(String project, String sessionId, String defaultWindowId, String distinctId,
        List<IncomingEvent> events, long bytes) {
}
