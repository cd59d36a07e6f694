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

    /** Adds line {@code line} (the next one) of window {@code windowId} to {@code runs}. */
    public static void append(java.util.List<WindowRun> runs, String windowId, long line) {
        int last = runs.size() - 1;
        if (last >= 0 && runs.get(last).windowId().equals(windowId)) {
            runs.set(last, new WindowRun(windowId, runs.get(last).firstLine(), line));
        } else {
            runs.add(new WindowRun(windowId, line, line));
        }
    }
}
