package dev.replaymesh.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

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
        long n = 0;
        for (Map.Entry<Integer, Long> e : target.entrySet()) {
            long from = start.getOrDefault(e.getKey(), 0L);
            long at = committed.getOrDefault(e.getKey(), from);
            n += Math.max(0, Math.min(at, e.getValue()) - from);
        }
        return n;
    }

    boolean drained(Map<Integer, Long> committed) {
        for (Map.Entry<Integer, Long> e : target.entrySet()) {
            if (committed.getOrDefault(e.getKey(), -1L) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    void save(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("topic", topic);
        p.setProperty("events", Long.toString(events));
        p.setProperty("payload-bytes", Long.toString(payloadBytes));
        p.setProperty("record-bytes", Long.toString(recordBytes));
        start.forEach((partition, offset) -> p.setProperty("start." + partition, Long.toString(offset)));
        target.forEach((partition, offset) -> p.setProperty("target." + partition, Long.toString(offset)));
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, "backlog written by BacklogFill");
        }
    }

    static Backlog load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        Map<Integer, Long> start = new TreeMap<>();
        Map<Integer, Long> target = new TreeMap<>();
        for (String name : p.stringPropertyNames()) {
            if (name.startsWith("start.")) {
                start.put(Integer.parseInt(name.substring(6)), Long.parseLong(p.getProperty(name)));
            } else if (name.startsWith("target.")) {
                target.put(Integer.parseInt(name.substring(7)), Long.parseLong(p.getProperty(name)));
            }
        }
        return new Backlog(p.getProperty("topic"), start, target, Long.parseLong(p.getProperty("events")),
                Long.parseLong(p.getProperty("payload-bytes")), Long.parseLong(p.getProperty("record-bytes")));
    }
}
