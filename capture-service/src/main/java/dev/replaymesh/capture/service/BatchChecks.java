package dev.replaymesh.capture.service;

import dev.replaymesh.capture.parse.MalformedEventException;
import dev.replaymesh.capture.parse.OversizedEventException;
import dev.replaymesh.contract.SessionIds;
import java.util.function.Supplier;

/** The checks both transports make before anything is produced. */
public final class BatchChecks {

    private BatchChecks() {
    }

    public static void requireValidSessionId(String sessionId) {
        if (!SessionIds.isValid(sessionId)) {
            throw new CaptureRefusedException(Refusal.INVALID,
                    "session id must match [A-Za-z0-9_-]{1,128}");
        }
    }

    /** Runs a parse step and turns its failures into refusals. */
    public static <T> T parsed(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (MalformedEventException e) {
            throw new CaptureRefusedException(Refusal.INVALID, e.getMessage());
        } catch (OversizedEventException e) {
            throw new CaptureRefusedException(Refusal.TOO_LARGE, e.getMessage());
        }
    }
}
