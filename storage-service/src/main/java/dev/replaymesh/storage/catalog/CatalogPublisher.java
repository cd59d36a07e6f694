package dev.replaymesh.storage.catalog;

import dev.replaymesh.proto.v1.SessionSummary;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes catalog entries to the compacted topic replay.sessions.v1 (key = session id): a
 * summary per written manifest, a tombstone (null value) per deleted session.
 */
@ApplicationScoped
public class CatalogPublisher {

    /** Outgoing channel bound to replay.sessions.v1. */
    public static final String CHANNEL = "catalog-out";

    private final MutinyEmitter<Record<String, byte[]>> emitter;

    public CatalogPublisher(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 65536)
            MutinyEmitter<Record<String, byte[]>> emitter) {
        this.emitter = emitter;
    }

    /** Sends the summaries; the stage completes once Kafka acknowledged all of them, or fails. */
    public CompletableFuture<Void> publish(List<SessionSummary> summaries, Duration timeout) {
        List<Uni<Void>> acks = new ArrayList<>(summaries.size());
        for (SessionSummary s : summaries) {
            acks.add(send(s.getSessionId(), s.toByteArray()));
        }
        return Uni.join().all(acks).andFailFast().ifNoItem().after(timeout).fail().replaceWithVoid()
                .subscribeAsCompletionStage();
    }

    /** Tombstones: the catalog forgets these sessions. */
    public void forget(List<String> sessionIds, Duration timeout) {
        List<Uni<Void>> acks = new ArrayList<>(sessionIds.size());
        for (String id : sessionIds) {
            acks.add(send(id, null));
        }
        await(acks, timeout);
    }

    private Uni<Void> send(String key, byte[] value) {
        return emitter.send(Record.of(key, value));
    }

    private static void await(List<Uni<Void>> acks, Duration timeout) {
        if (!acks.isEmpty()) {
            Uni.join().all(acks).andFailFast().await().atMost(timeout);
        }
    }
}
