package dev.replaymesh.playback.testing;

import dev.replaymesh.format.FormatVersion;
import dev.replaymesh.format.FrameCodec;
import dev.replaymesh.format.chunk.Chunk;
import dev.replaymesh.format.chunk.ChunkBuilder;
import dev.replaymesh.format.chunk.ChunkCodec;
import dev.replaymesh.format.session.Activity;
import dev.replaymesh.format.session.ChunkEntry;
import dev.replaymesh.format.session.IngestState;
import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.format.session.ManifestCodec;
import dev.replaymesh.format.session.ObjectKeys;
import dev.replaymesh.format.session.RedactionSummary;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.store.catalog.CatalogEntries;
import dev.replaymesh.store.objectstore.ObjectStore;
import dev.replaymesh.testing.LocalMesh;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes a session into the real bucket exactly as storage lays it out (chunks in the format
 * library's encoding, the manifest), and its summary to the real catalog topic.
 */
public final class SessionFixture {

    private final ObjectStore store;

    public SessionFixture(ObjectStore store) {
        this.store = store;
    }

    /** Stores {@code events} cut into chunks of the given sizes (the last size repeats); returns the manifest. */
    public Manifest store(List<Event> events, int... chunkSizes) {
        Event first = events.get(0);
        String project = first.getProject();
        String session = first.getSessionId();
        ChunkCodec codec = new ChunkCodec();
        ChunkBuilder builder = new ChunkBuilder(new FrameCodec());
        List<ChunkEntry> entries = new ArrayList<>();
        int next = 0;
        long raw = 0;
        long stored = 0;
        while (next < events.size()) {
            int size = chunkSizes[Math.min(entries.size(), chunkSizes.length - 1)];
            for (int i = next; i < Math.min(events.size(), next + size); i++) {
                builder.add(events.get(i));
            }
            next = Math.min(events.size(), next + size);
            Chunk chunk = builder.build(codec, ObjectKeys.chunk(project, session, builder.firstReceivedMs(),
                    builder.firstSeq(), builder.lastSeq()));
            store.put(chunk.entry().key(), chunk.stored(), "application/zstd");
            entries.add(chunk.entry());
            raw += chunk.entry().rawBytes();
            stored += chunk.entry().storedBytes();
            builder.clear();
        }
        Event last = events.get(events.size() - 1);
        Manifest manifest = new Manifest(FormatVersion.CURRENT.toString(), project, session, first.getDistinctId(),
                first.getClientTimestampMs(), last.getClientTimestampMs(), last.getServerReceivedMs(), last.getSeq(),
                raw, stored, true, System.currentTimeMillis(), entries, Activity.NONE, RedactionSummary.EMPTY,
                IngestState.EMPTY);
        store.put(ObjectKeys.manifest(project, session), new ManifestCodec().write(manifest), "application/json");
        return manifest;
    }

    /** The manifest stored for the session of these events. */
    public Manifest manifest(List<Event> events) {
        String key = ObjectKeys.manifest(events.get(0).getProject(), events.get(0).getSessionId());
        return new ManifestCodec().read(store.get(key).orElseThrow(), key);
    }

    /** Publishes the session's catalog entry, as storage does after writing its manifest. */
    public static void publish(Manifest manifest) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalMesh.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("replay.sessions.v1", manifest.sessionId(),
                    CatalogEntries.of(manifest).toByteArray())).get();
        } catch (Exception e) {
            throw new IllegalStateException("publishing the catalog entry failed", e);
        }
    }

    /** Replaces a stored object's bytes with the same bytes, one flipped. */
    public void corrupt(String key, int at) {
        byte[] bytes = store.get(key).orElseThrow();
        bytes[at] ^= 0x5a;
        store.put(key, bytes, "application/zstd");
    }

    public void remove(String key) {
        store.delete(List.of(key));
    }
}
