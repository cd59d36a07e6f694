package dev.replaymesh.format.portable;

import java.util.List;

/**
 * The session a package holds, as it was on the instance that exported it.
 *
 * @param project    project it was stored in
 * @param sessionId  its id there
 * @param distinctId user id the recorder attached, or {@code null}
 * @param startMs    smallest client timestamp of its events (ms since the epoch)
 * @param endMs      largest client timestamp
 * @param eventCount lines of {@code events.ndjson}
 * @param windows    the window of every line, as runs
 * @param urls       pages visited, in order
 */
public record PackagedSession(String project, String sessionId, String distinctId, long startMs, long endMs,
        long eventCount, List<WindowRun> windows, List<String> urls) {
}
