package dev.replaymesh.storage.session;

/**
 * The frame bytes that the sessions of one ingest loop hold in memory, kept up to date as events
 * come in and writes finish: summing every session on each poll cost a tenth of the ingest
 * thread with a few thousand sessions. Ingest thread only.
 */
public final class HeldBytes {

    private long total;

    public long total() {
        return total;
    }

    void add(long bytes) {
        total += bytes;
    }
}
