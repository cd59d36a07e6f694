package dev.replaymesh.storage.testing;

import dev.replaymesh.format.chunk.ChunkCodec;
import dev.replaymesh.format.chunk.ChunkReader;
import dev.replaymesh.format.session.ChunkEntry;
import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.format.session.ManifestCodec;
import dev.replaymesh.format.session.ObjectKeys;
import dev.replaymesh.proto.v1.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Reads stored sessions back in tests, through any way of getting an object's bytes. */
public final class StoredSessions {

    /** An object's bytes, or empty if there is none. */
    public interface Objects {
        Optional<byte[]> get(String key) throws Exception;
    }

    private StoredSessions() {
    }

    /** The session's manifest once it passes {@code done}. */
    public static Manifest awaitManifest(Objects objects, String project, String session, Predicate<Manifest> done,
            Duration timeout) throws Exception {
        String key = ObjectKeys.manifest(project, session);
        ManifestCodec codec = new ManifestCodec();
        long deadline = System.nanoTime() + timeout.toNanos();
        Manifest last = null;
        while (System.nanoTime() < deadline) {
            Optional<byte[]> data = objects.get(key);
            if (data.isPresent()) {
                last = codec.read(data.get(), key);
                if (done.test(last)) {
                    return last;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("manifest " + key + " not complete within " + timeout + "; last: " + last);
    }

    /** Every event of the session, each chunk verified against its entry as it is read. */
    public static List<Event> events(Objects objects, Manifest manifest) throws Exception {
        List<Event> events = new ArrayList<>();
        ChunkCodec codec = new ChunkCodec();
        for (ChunkEntry chunk : manifest.chunks()) {
            byte[] object = objects.get(chunk.key())
                    .orElseThrow(() -> new AssertionError("chunk " + chunk.key() + " is missing"));
            try (ChunkReader reader = codec.open(object, chunk)) {
                for (Event e = reader.next(); e != null; e = reader.next()) {
                    events.add(e);
                }
            }
        }
        return events;
    }

    /** The events as sent: without the sequence numbers storage gave them. */
    public static List<Event> withoutSeq(List<Event> events) {
        return events.stream().map(e -> e.toBuilder().setSeq(0).build()).toList();
    }
}
