package dev.replaymesh.format.portable;

/**
 * Consecutive lines of {@code events.ndjson} recorded in one browser window (tab), so that an
 * import keeps each event's window although rrweb events do not name it.
 *
 * @param windowId  the recorder's window id
 * @param firstLine first line of the run, from 1
 * @param lastLine  last line of the run
 */
public record WindowRun(String windowId, long firstLine, long lastLine) {
}
