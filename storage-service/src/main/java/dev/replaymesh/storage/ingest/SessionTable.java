package dev.replaymesh.storage.ingest;

import dev.replaymesh.storage.session.HeldBytes;
import dev.replaymesh.storage.session.SessionState;
import dev.replaymesh.store.SessionKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** The sessions this replica holds, each with the partition its records come from. */
final class SessionTable {

    private final Map<SessionKey, SessionState> sessions = new HashMap<>();
    private final Map<SessionKey, Integer> partitions = new HashMap<>();
    private final HeldBytes held = new HeldBytes();

    SessionState get(SessionKey key) {
        return sessions.get(key);
    }

    void put(SessionState state, int partition) {
        SessionState before = sessions.put(state.key(), state);
        if (before != null && before != state) {
            before.release();
        }
        partitions.put(state.key(), partition);
    }

    void remove(SessionKey key) {
        SessionState s = sessions.remove(key);
        if (s != null) {
            s.release();
        }
        partitions.remove(key);
    }

    int size() {
        return sessions.size();
    }

    Collection<SessionState> all() {
        return sessions.values();
    }

    List<SessionState> where(Predicate<SessionState> p) {
        List<SessionState> out = new ArrayList<>();
        for (SessionState s : sessions.values()) {
            if (p.test(s)) {
                out.add(s);
            }
        }
        return out;
    }

    List<SessionState> inPartitions(Set<Integer> ps) {
        return where(s -> ps.contains(partitions.get(s.key())));
    }

    /** What new sessions count their frames into. */
    HeldBytes held() {
        return held;
    }

    /** Frame bytes all sessions hold. */
    long openBytes() {
        return held.total();
    }
}
