package dev.replaymesh.redaction.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.replaymesh.redaction.config.RedactionConfig;
import dev.replaymesh.redaction.mirror.SessionMirror;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The mirrors of the sessions this replica is redacting, bounded by total node count and idle
 * time. A session that is evicted, or that moved here from another replica, has no mirror: its
 * events are redacted fail-closed until its next FullSnapshot.
 */
@ApplicationScoped
public class SessionMirrors {

    private final Cache<String, SessionMirror> mirrors;
    private final int maxNodesPerSession;

    public SessionMirrors(RedactionConfig config) {
        this.maxNodesPerSession = config.mirror().maxNodesPerSession();
        this.mirrors = Caffeine.newBuilder()
                .maximumWeight(config.mirror().maxNodesTotal())
                // Weighed when put back after each batch; an empty mirror still costs its entry.
                .weigher((String session, SessionMirror mirror) -> 1 + mirror.nodeCount())
                .expireAfterAccess(config.mirror().idleTimeout())
                .build();
    }

    public SessionMirror of(String sessionId) {
        return mirrors.get(sessionId, id -> new SessionMirror(maxNodesPerSession));
    }

    /** Puts the mirror back so its new size counts towards the bound. */
    public void update(String sessionId, SessionMirror mirror) {
        mirrors.put(sessionId, mirror);
    }

    public long sessions() {
        return mirrors.estimatedSize();
    }

    public long nodes() {
        return mirrors.asMap().values().stream().mapToLong(SessionMirror::nodeCount).sum();
    }

    /** Forgets every mirror, as a restart would. */
    public void clear() {
        mirrors.invalidateAll();
    }
}
