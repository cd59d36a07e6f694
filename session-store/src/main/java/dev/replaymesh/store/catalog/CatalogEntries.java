package dev.replaymesh.store.catalog;

import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.format.session.ObjectKeys;
import dev.replaymesh.format.session.RedactionSummary;
import dev.replaymesh.format.session.RuleTotal;
import dev.replaymesh.proto.v1.RedactionTally;
import dev.replaymesh.proto.v1.SessionSummary;

/** The catalog entry of a session (replay.sessions.v1), made from its manifest. */
public final class CatalogEntries {

    /** Report action of rules that masked because redaction could not decide. */
    static final String FAIL_CLOSED = "fail-closed";

    private CatalogEntries() {
    }

    public static SessionSummary of(Manifest m) {
        SessionSummary.Builder b = SessionSummary.newBuilder()
                .setProject(m.project())
                .setSessionId(m.sessionId())
                .setStartMs(m.startMs())
                .setEndMs(m.endMs())
                .setLastReceivedMs(m.lastReceivedMs())
                .setDurationMs(m.durationMs())
                .setEventCount(m.eventCount())
                .setStoredBytes(m.storedBytes())
                .setRawBytes(m.rawBytes())
                .setChunkCount(m.chunks().size())
                .setActiveMs(m.activity().activeMs())
                .addAllUrls(m.activity().urls())
                .setClickCount(m.activity().clicks())
                .setErrorCount(m.activity().errors())
                .setEnded(m.ended())
                .setUpdatedMs(m.updatedMs())
                .setManifestKey(ObjectKeys.manifest(m.project(), m.sessionId()))
                .setRedaction(tally(m.redaction()))
                .setDuplicatesDropped(m.ingest().duplicates());
        if (m.distinctId() != null) {
            b.setDistinctId(m.distinctId());
        }
        return b.build();
    }

    private static RedactionTally tally(RedactionSummary r) {
        RedactionTally.Builder b = RedactionTally.newBuilder()
                .addAllRuleSets(r.ruleSets())
                .setEventsSeen(r.eventsSeen())
                .setEventsChanged(r.eventsChanged())
                .setEventsDropped(r.eventsDropped());
        long failClosed = 0;
        for (RuleTotal t : r.rules()) {
            b.putEventsByRule(t.rule(), b.getEventsByRuleOrDefault(t.rule(), 0) + t.events());
            if (FAIL_CLOSED.equals(t.action())) {
                failClosed += t.events();
            }
        }
        return b.setFailClosedEvents(failClosed).build();
    }
}
