package dev.replaymesh.storage.retention;

import dev.replaymesh.format.session.ObjectKeys;
import dev.replaymesh.proto.v1.SessionSummary;
import dev.replaymesh.storage.config.StorageConfig;
import dev.replaymesh.storage.deletion.SessionDeleter;
import dev.replaymesh.storage.ingest.IngestLoop;
import dev.replaymesh.store.catalog.CatalogView;
import dev.replaymesh.store.objectstore.ObjectStore;
import dev.replaymesh.store.objectstore.ObjectStoreException;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Applies each project's retention period. Where the object store supports bucket lifecycle, the
 * periods are installed as expiry rules on the project prefixes at start-up; in every case a
 * sweep deletes sessions whose last event is older than the period (objects, catalog entry),
 * each replica sweeping the sessions of the partitions it stores, so the catalog never lists a
 * session the bucket has dropped.
 */
@ApplicationScoped
public class RetentionSweep {

    private static final Logger LOG = Logger.getLogger(RetentionSweep.class);
    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    private final StorageConfig config;
    private final CatalogView catalog;
    private final SessionDeleter deleter;
    private final IngestLoop ingest;
    private final ObjectStore store;
    private volatile boolean lifecycleInstalled;

    public RetentionSweep(StorageConfig config, CatalogView catalog, SessionDeleter deleter, IngestLoop ingest,
            ObjectStore store) {
        this.config = config;
        this.catalog = catalog;
        this.deleter = deleter;
        this.ingest = ingest;
        this.store = store;
    }

    void onStart(@Observes StartupEvent event) {
        Map<String, Integer> days = config.retention().days();
        if (days.isEmpty() || !config.retention().lifecycleRules()) {
            return;
        }
        Map<String, Integer> byPrefix = new HashMap<>();
        days.forEach((project, d) -> byPrefix.put(ObjectKeys.projectPrefix(project), d));
        try {
            lifecycleInstalled = store.setExpiry(byPrefix);
            LOG.infof(lifecycleInstalled ? "retention: lifecycle rules installed for %s"
                    : "retention: the object store has no bucket lifecycle; the sweep alone applies %s", days);
        } catch (ObjectStoreException e) {
            LOG.warnf("retention: lifecycle rules not installed (%s); the sweep applies %s", e.getMessage(), days);
        }
    }

    /** True if the object store took the retention periods as lifecycle rules. */
    public boolean lifecycleInstalled() {
        return lifecycleInstalled;
    }

    @Scheduled(every = "${replay.storage.retention.sweep-interval}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (catalog.caughtUp()) {
            sweep(System.currentTimeMillis());
        }
    }

    /** Deletes the expired sessions of the partitions this replica stores; returns how many. */
    public int sweep(long nowMs) {
        int deleted = 0;
        for (Map.Entry<String, Integer> e : config.retention().days().entrySet()) {
            long cutoff = nowMs - e.getValue() * DAY_MS;
            for (SessionSummary s : expired(e.getKey(), cutoff)) {
                if (!ingest.stores(s.getSessionId())) {
                    continue;
                }
                try {
                    deleter.deleteSession(s.getProject(), s.getSessionId(), "retention of " + e.getValue() + " days");
                    deleted++;
                } catch (RuntimeException ex) {
                    LOG.warnf("retention: deleting %s/%s failed, next sweep retries: %s", s.getProject(),
                            s.getSessionId(), ex.getMessage());
                }
            }
        }
        if (deleted > 0) {
            LOG.infof("retention: deleted %d sessions", deleted);
        }
        return deleted;
    }

    private List<SessionSummary> expired(String project, long cutoffMs) {
        List<SessionSummary> out = new ArrayList<>();
        String token = null;
        do {
            CatalogView.Page page = catalog.list(project, 0, 0, null, 1000, token);
            for (SessionSummary s : page.sessions()) {
                if (s.getLastReceivedMs() < cutoffMs) {
                    out.add(s);
                }
            }
            token = page.nextPageToken();
        } while (token != null);
        return out;
    }
}
