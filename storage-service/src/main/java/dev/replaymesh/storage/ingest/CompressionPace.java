package dev.replaymesh.storage.ingest;

import org.jboss.logging.Logger;

/**
 * The zstd level of the next writes. zstd 9 costs the writers about 12 µs more CPU per event than
 * zstd 3 (docs/BENCHMARKS.md, "Storage write throughput"): worth it while the service keeps up,
 * not while a backlog waits (after an outage, a rebalance or a burst). So while the consumer is
 * more than {@code catchUpLag} events behind, chunks are written at {@code catchUpLevel}; once it
 * is back under half of that, at {@code level} again. Every chunk's zstd frame reads the same at
 * any level. Ingest thread only.
 */
final class CompressionPace {

    private static final Logger LOG = Logger.getLogger(CompressionPace.class);

    private final int level;
    private final int catchUpLevel;
    private final long catchUpLag;
    private boolean catchingUp;

    /** @param catchUpLag events behind from which to catch up; 0 = never */
    CompressionPace(int level, int catchUpLevel, long catchUpLag) {
        this.level = level;
        this.catchUpLevel = catchUpLevel;
        this.catchUpLag = catchUpLag;
    }

    /** Takes in how many events the consumer is behind the ends of its partitions. */
    void observe(long lag) {
        if (!catchingUp && catchUpLag > 0 && lag > catchUpLag) {
            catchingUp = true;
            LOG.infof("%d events behind: chunks are written at zstd %d until caught up", lag, catchUpLevel);
        } else if (catchingUp && lag < catchUpLag / 2) {
            catchingUp = false;
            LOG.infof("caught up (%d events behind): chunks are written at zstd %d again", lag, level);
        }
    }

    boolean catchingUp() {
        return catchingUp;
    }

    int level() {
        return catchingUp ? catchUpLevel : level;
    }
}
