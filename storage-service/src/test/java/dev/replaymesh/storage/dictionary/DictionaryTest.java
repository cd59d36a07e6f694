package dev.replaymesh.storage.dictionary;

import dev.replaymesh.contract.Topics;
import dev.replaymesh.format.FrameCodec;
import dev.replaymesh.format.NdjsonCodec;
import dev.replaymesh.format.chunk.ChunkCodec;
import dev.replaymesh.format.chunk.ChunkDictionary;
import dev.replaymesh.format.session.ChunkEntry;
import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.format.session.ObjectKeys;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.storage.testing.Recordings;
import dev.replaymesh.storage.testing.StoredSessions;
import dev.replaymesh.storage.testing.TopicIo;
import dev.replaymesh.store.dictionary.DictionaryStore;
import dev.replaymesh.store.objectstore.ObjectStore;
import dev.replaymesh.testing.LocalMesh;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A project's dictionary, end to end over the real broker and S3 server, on real rrweb
 * recordings: trained from its first sessions, stored in the bucket, named by the chunks that use
 * it, and read back exactly (the test profile trains on 256 KiB from 3 sessions).
 */
@QuarkusTest
@WithTestResource(LocalMesh.class)
class DictionaryTest {

    @Inject
    ObjectStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final FrameCodec frames = new FrameCodec();

    @Test
    void aProjectGetsADictionaryFromItsSessionsAndItsChunksReadBackExactly() throws Exception {
        String project = "dict-" + UUID.randomUUID().toString().substring(0, 8);
        String[] training = {"ops-orders", "ops-customers", "shop-checkout"};
        List<String> sessions = new ArrayList<>();
        List<List<Event>> sent = new ArrayList<>();
        for (String fixture : training) {
            send(project, fixture, sessions, sent);
        }
        for (String session : sessions) {
            StoredSessions.awaitManifest(store::get, project, session,
                    m -> m.lastSeq() == sent.get(sessions.indexOf(session)).size(), Duration.ofSeconds(60));
        }
        // Trained once the samples are in; the pointer names the dictionary.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (store.get(DictionaryStore.currentKey(project)).isEmpty()) {
            assertThat(System.nanoTime()).as("dictionary trained within 30 s").isLessThan(deadline);
            Thread.sleep(200);
        }
        List<String> dictionaries = store.list(ObjectKeys.dictionaryPrefix(project)).stream()
                .filter(k -> k.endsWith(ObjectKeys.DICTIONARY_SUFFIX)).toList();
        assertThat(dictionaries).hasSize(1);
        String key = dictionaries.get(0);
        ChunkDictionary dictionary = ChunkDictionary.read(key, store.get(key).orElseThrow());
        assertThat(dictionary.size()).isBetween(4 * 1024, 32 * 1024);

        send(project, "ops-reports-settings", sessions, sent);
        String later = sessions.get(3);
        Manifest manifest = StoredSessions.awaitManifest(store::get, project, later,
                m -> m.lastSeq() == sent.get(3).size(), Duration.ofSeconds(60));

        assertThat(manifest.chunks()).hasSizeGreaterThan(3)
                .allSatisfy(c -> assertThat(c.dictionary()).isEqualTo(key));
        // The dictionary earns its place: the same frames without it would take more room.
        ChunkCodec codec = new ChunkCodec();
        long plain = 0;
        for (ChunkEntry c : manifest.chunks()) {
            byte[] raw = codec.decompress(store.get(c.key()).orElseThrow(), c.key(), dictionary);
            plain += codec.compress(raw, raw.length).length;
        }
        assertThat(manifest.storedBytes()).isLessThan(plain * 9 / 10);

        // Every session reads back exactly, whether its chunks were written before the dictionary
        // existed, after, or both; through the service's own read path as well.
        for (int i = 0; i < sessions.size(); i++) {
            Manifest m = StoredSessions.awaitManifest(store::get, project, sessions.get(i),
                    x -> true, Duration.ofSeconds(5));
            assertThat(StoredSessions.withoutSeq(StoredSessions.events(store::get, m)))
                    .containsExactlyElementsOf(sent.get(i));
        }
        byte[] ndjson = given().get("/v1/projects/{p}/sessions/{s}/events", project, later).then()
                .statusCode(200).extract().asByteArray();
        List<Event> served = new ArrayList<>();
        var reader = new NdjsonCodec().reader(new ByteArrayInputStream(ndjson));
        for (Event e = reader.next(); e != null; e = reader.next()) {
            served.add(e);
        }
        assertThat(served).hasSize(sent.get(3).size());
        assertThat(served.get(served.size() - 1).getPayload()).isEqualTo(sent.get(3).get(sent.get(3).size() - 1)
                .getPayload());
        assertThat(io.restassured.RestAssured.get("/q/metrics").asString())
                .contains("replay_storage_dictionaries_trained_total");
    }

    private void send(String project, String fixture, List<String> sessions, List<List<Event>> sent)
            throws Exception {
        String session = fixture + "-" + UUID.randomUUID();
        List<Event> events = Recordings.fixture(fixture, project, session);
        TopicIo.produce(bootstrap, Topics.REDACTED, session, events.stream().map(frames::encode).toList());
        sessions.add(session);
        sent.add(events);
    }
}
