package dev.replaymesh.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * A backlog that {@link BacklogFill} wrote into a topic: per partition the offset its first record
 * may have (the partition's end before the fill) and the offset after its last record, plus its size.
 * A consumer group has drained it once its committed offset reaches {@code target} on every partition
 * (the transaction's commit marker sits after the last record, so the partition's end is one further).
 *
 * @param topic        where it was written
 * @param start        partition to its end offset before the fill
 * @param target       partition to the offset after the fill's last record there
 * @param events       records written
 * @param payloadBytes rrweb event JSON written (the payloads of the envelopes)
 * @param recordBytes  record values written (framed envelopes)
 */
record Backlog(String topic, Map<Integer, Long> start, Map<Integer, Long> target, long events, long payloadBytes,
        long recordBytes) {

    long committedEvents(Map<Integer, Long> committed) {
        return new OffsetRange(start, target).committedEvents(committed);
    }

    boolean drained(Map<Integer, Long> committed) {
        return new OffsetRange(start, target).drained(committed);
    }

    void save(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("topic", topic);
        p.setProperty("events", Long.toString(events));
        p.setProperty("payload-bytes", Long.toString(payloadBytes));
        p.setProperty("record-bytes", Long.toString(recordBytes));
        new OffsetRange(start, target).save(file, p, "backlog written by BacklogFill");
    }

    static Backlog load(Path file) throws IOException {
        Properties p = OffsetRange.load(file);
        OffsetRange range = OffsetRange.read(p);
        return new Backlog(p.getProperty("topic"), range.start(), range.target(), Long.parseLong(p.getProperty("events")),
                Long.parseLong(p.getProperty("payload-bytes")), Long.parseLong(p.getProperty("record-bytes")));
    }
}
