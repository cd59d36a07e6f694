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
 * Where a backlog lies in its topic: per partition the end offset before it was written
 * ({@code start}) and the offset after its last record ({@code target}).
 */
record OffsetRange(Map<Integer, Long> start, Map<Integer, Long> target) {

    /** Records of the backlog at or below {@code committed} (partition to committed offset). */
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

    /** Adds {@code start.N} and {@code target.N} properties. */
    void store(Properties p) {
        start.forEach((partition, offset) -> p.setProperty("start." + partition, Long.toString(offset)));
        target.forEach((partition, offset) -> p.setProperty("target." + partition, Long.toString(offset)));
    }

    /** Writes a backlog file: {@code fields} with this range added. */
    void save(Path file, Properties fields, String comment) throws IOException {
        store(fields);
        try (Writer w = Files.newBufferedWriter(file)) {
            fields.store(w, comment);
        }
    }

    /** Reads a backlog file written by {@link #save}; its range is {@link #read} from it. */
    static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p;
    }

    static OffsetRange read(Properties p) {
        Map<Integer, Long> start = new TreeMap<>();
        Map<Integer, Long> target = new TreeMap<>();
        for (String name : p.stringPropertyNames()) {
            if (name.startsWith("start.")) {
                start.put(Integer.parseInt(name.substring(6)), Long.parseLong(p.getProperty(name)));
            } else if (name.startsWith("target.")) {
                target.put(Integer.parseInt(name.substring(7)), Long.parseLong(p.getProperty(name)));
            }
        }
        return new OffsetRange(start, target);
    }
}
