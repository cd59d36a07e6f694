package dev.replaymesh.storage.session;

import dev.replaymesh.contract.report.RedactionReport;
import dev.replaymesh.format.FrameCodec;
import dev.replaymesh.format.chunk.ChunkBuilder;
import dev.replaymesh.format.session.Activity;
import dev.replaymesh.format.session.IngestState;
import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.format.session.RedactionSummary;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.store.SessionKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;

/**
 * One session as this replica holds it: what is stored (its last written manifest), what is being
 * written ({@link PendingWrite}, at most one at a time) and what is not yet (the open chunk, reports
 * and counts since). Owned by the ingest thread; writer threads see only pending writes.
 */
public final class SessionState {

    /** What became of an event handed to {@link #addEvent}. */
    public enum Outcome {
        /** Buffered in the open chunk under the next sequence number. */
        BUFFERED,
        /** A retry of an event the session already has; not stored again. */
        DUPLICATE,
        /** At or below the offset the manifest says is stored: read again after a restart. */
        ALREADY_STORED
    }

    private static final Map<TopicPartition, String> OFFSET_KEYS = new ConcurrentHashMap<>();

    private final SessionKey key;
    private Manifest stored;
    private final FrameCodec frames;
    private final long maxChunkBytes;
    /** The replica's total, and this session's share of it: frames held, in any chunk. */
    private HeldBytes held;
    private long holding;
    /** Full chunks waiting for the next write, in order, then the one being filled. */
    private final List<ChunkBuilder> sealed = new ArrayList<>();
    private ChunkBuilder open;
    private final Deduplicator dedup;
    private final ActivityTracker activity;
    private final ReportTotals reports;
    private String distinctId;
    private long startMs;
    private long endMs;
    private long lastReceivedMs;
    private long duplicates;
    private boolean endRequested;
    private final Map<String, Long> eventOffsets;
    private final Map<String, Long> reportOffsets;
    /** Offsets of the first record per partition not yet durable (manifest written and catalogued). */
    private final Map<TopicPartition, Long> firstPending = new HashMap<>();
    /** A write is in flight; {@link #writing} holds its chunks (none if it writes reports only). */
    private boolean writeInFlight;
    private List<ChunkBuilder> writing = List.of();
    /** {@link #firstPending} as it was when the write in flight began: held until it is catalogued. */
    private Map<TopicPartition, Long> writingPending = Map.of();
    private long writingChangedSinceMs = -1;
    private boolean changed;
    private boolean catalogPending;
    private long changedSinceMs = -1;
    private long lastRecordMs;

    /**
     * @param stored the session's manifest from the bucket, or {@code null} for a new session
     * @param recent the events of its last stored chunk, to recognise retries of them
     */
    public SessionState(SessionKey key, Manifest stored, List<Event> recent, int dedupWindow, FrameCodec frames,
            long maxChunkBytes, HeldBytes held, long nowMs) {
        this.key = key;
        this.held = held;
        this.stored = stored;
        this.frames = frames;
        this.maxChunkBytes = maxChunkBytes;
        this.open = new ChunkBuilder(frames);
        this.dedup = new Deduplicator(dedupWindow);
        recent.forEach(dedup::firstTime);
        this.activity = new ActivityTracker(stored == null ? Activity.NONE : stored.activity());
        this.reports = new ReportTotals(stored == null ? RedactionSummary.EMPTY : stored.redaction());
        IngestState ingest = stored == null ? IngestState.EMPTY : stored.ingest();
        this.eventOffsets = new HashMap<>(ingest.eventOffsets());
        this.reportOffsets = new HashMap<>(ingest.reportOffsets());
        this.duplicates = ingest.duplicates();
        if (stored != null) {
            distinctId = stored.distinctId();
            startMs = stored.startMs();
            endMs = stored.endMs();
            lastReceivedMs = stored.lastReceivedMs();
            // Loaded after a restart or a rebalance: the catalog may not have its last state yet.
            catalogPending = true;
        }
        this.lastRecordMs = nowMs;
    }

    public SessionKey key() {
        return key;
    }

    public Outcome addEvent(Event event, TopicPartition tp, long offset, long nowMs) {
        lastRecordMs = nowMs;
        String at = at(tp);
        if (offset <= storedOffset(stored == null ? null : stored.ingest().eventOffsets(), at)) {
            return Outcome.ALREADY_STORED;
        }
        eventOffsets.merge(at, offset, Math::max);
        markChanged(tp, offset, nowMs);
        if (!dedup.firstTime(event)) {
            duplicates++;
            return Outcome.DUPLICATE;
        }
        long seq = lastSeq() + 1;
        hold(open.add(event.toBuilder().setSeq(seq).build()));
        if (open.rawBytes() >= maxChunkBytes) {
            // Full: it waits as it is for the next write, so every chunk ends near the size limit.
            sealed.add(open);
            open = new ChunkBuilder(frames);
        }
        if (distinctId == null && !event.getDistinctId().isEmpty()) {
            distinctId = event.getDistinctId();
        }
        long ts = event.getClientTimestampMs();
        startMs = seq == 1 ? ts : Math.min(startMs, ts);
        endMs = seq == 1 ? ts : Math.max(endMs, ts);
        lastReceivedMs = Math.max(lastReceivedMs, event.getServerReceivedMs());
        if (activity.add(event)) {
            endRequested = true;
        }
        return Outcome.BUFFERED;
    }

    /** Adds a report; false if the manifest already includes it (read again after a restart). */
    public boolean addReport(RedactionReport report, TopicPartition tp, long offset, long nowMs) {
        lastRecordMs = nowMs;
        String at = at(tp);
        if (offset <= storedOffset(stored == null ? null : stored.ingest().reportOffsets(), at)) {
            return false;
        }
        reportOffsets.merge(at, offset, Math::max);
        reports.add(report);
        markChanged(tp, offset, nowMs);
        return true;
    }

    private void markChanged(TopicPartition tp, long offset, long nowMs) {
        firstPending.putIfAbsent(tp, offset);
        if (!changed) {
            changed = true;
            changedSinceMs = nowMs;
        }
    }

    /** Something not yet in the bucket. */
    public boolean hasChanges() {
        return changed;
    }

    /** Written but not yet acknowledged by the catalog. */
    public boolean catalogPending() {
        return catalogPending;
    }

    /** Holds back the commit of some partition. */
    public boolean holdsOffsets() {
        return !firstPending.isEmpty() || !writingPending.isEmpty();
    }

    /** Per partition, the first offset of this session not yet durable (with the write in flight's). */
    public Map<TopicPartition, Long> firstPending() {
        if (writingPending.isEmpty()) {
            return firstPending;
        }
        Map<TopicPartition, Long> all = new HashMap<>(writingPending);
        firstPending.forEach((tp, o) -> all.merge(tp, o, Math::min));
        return all;
    }

    public long changedSinceMs() {
        return changedSinceMs;
    }

    public long lastRecordMs() {
        return lastRecordMs;
    }

    public boolean endRequested() {
        return endRequested;
    }

    /** Bytes of frames held: full chunks, the one being filled and those being written. */
    public long openBytes() {
        return holding;
    }

    /** The session is dropped from memory: its frames no longer count towards the replica's. */
    public void release() {
        held.add(-holding);
        holding = 0;
        held = new HeldBytes();
    }

    /** Some chunk is full and waits to be written. */
    public boolean hasFullChunk() {
        return !sealed.isEmpty();
    }

    public long lastSeq() {
        long seq = (stored == null ? 0 : stored.lastSeq()) + open.eventCount();
        for (ChunkBuilder b : sealed) {
            seq += b.eventCount();
        }
        for (ChunkBuilder b : writing) {
            seq += b.eventCount();
        }
        return seq;
    }

    public Manifest stored() {
        return stored;
    }

    /** A write of this session is in flight (begun, not yet {@link #written} or {@link #writeFailed}). */
    public boolean writing() {
        return writeInFlight;
    }

    /**
     * Hands everything not yet in the bucket to a write: the full chunks and the open one (if it
     * has events), and the manifest fields as they are now. The session goes on taking events into
     * a new open chunk meanwhile. Ingest thread; the session must have changes and no write in flight.
     */
    public PendingWrite beginWrite() {
        if (writing() || !changed) {
            throw new IllegalStateException(key + ": nothing to write or a write in flight");
        }
        List<ChunkBuilder> builders = new ArrayList<>(sealed);
        if (!open.isEmpty()) {
            builders.add(open);
            open = new ChunkBuilder(frames);
        }
        sealed.clear();
        writing = builders;
        writeInFlight = true;
        writingPending = new HashMap<>(firstPending);
        firstPending.clear();
        writingChangedSinceMs = changedSinceMs;
        changed = false;
        changedSinceMs = -1;
        IngestState ingest = new IngestState(Map.copyOf(eventOffsets), Map.copyOf(reportOffsets), duplicates);
        return new PendingWrite(key, stored, builders, distinctId, startMs, endMs, lastReceivedMs, lastSeq(),
                endRequested, activity.snapshot(), reports.snapshot(), ingest);
    }

    /** The write's objects are in the bucket; its offsets are held until the catalog has it. */
    public void written(FlushPlan plan) {
        for (ChunkBuilder b : writing) {
            hold(-b.rawBytes());
        }
        stored = plan.manifest();
        writing = List.of();
        writeInFlight = false;
        writingChangedSinceMs = -1;
        catalogPending = true;
    }

    /** The write failed: what it held is written again with the next one, chunks in the same order. */
    public void writeFailed() {
        List<ChunkBuilder> back = new ArrayList<>(writing);
        back.addAll(sealed);
        sealed.clear();
        sealed.addAll(back);
        writing = List.of();
        writeInFlight = false;
        writingPending.forEach((tp, o) -> firstPending.merge(tp, o, Math::min));
        writingPending = Map.of();
        changed = true;
        changedSinceMs = changedSinceMs < 0 ? writingChangedSinceMs : Math.min(changedSinceMs, writingChangedSinceMs);
        writingChangedSinceMs = -1;
    }

    /** The catalog has the written state: the records that write covered no longer hold offsets back. */
    public void catalogued() {
        catalogPending = false;
        writingPending = Map.of();
    }

    private void hold(long bytes) {
        holding += bytes;
        held.add(bytes);
    }

    private static long storedOffset(Map<String, Long> offsets, String at) {
        if (offsets == null) {
            return -1;
        }
        Long o = offsets.get(at);
        return o == null ? -1 : o;
    }

    /** "topic:partition", the key of the manifest's offsets; one instance per partition, its hash kept. */
    private static String at(TopicPartition tp) {
        return OFFSET_KEYS.computeIfAbsent(tp, t -> t.topic() + ":" + t.partition());
    }
}
