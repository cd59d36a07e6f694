package dev.replaymesh.capture.kafka;

import dev.replaymesh.proto.v1.Event;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.OutgoingMessageMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Produces envelopes to {@code replay.capture.v1}, keyed by session id so that one session's
 * events stay in one partition, in order. The producer is idempotent with {@code acks=all}
 * (application.properties), so a completed future means the event is durable.
 */
@ApplicationScoped
public class CapturePublisher {

    /** Outgoing channel bound to the topic replay.capture.v1. */
    public static final String CHANNEL = "capture-events";

    private final MutinyEmitter<Event> emitter;

    public CapturePublisher(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 65536)
            MutinyEmitter<Event> emitter) {
        this.emitter = emitter;
    }

    /**
     * Sends the events in list order; the future completes with each event's offset once Kafka
     * acknowledged all of them, or fails with the first failure.
     */
    public CompletableFuture<long[]> publish(String sessionId, List<Event> events) {
        @SuppressWarnings("unchecked")
        CompletableFuture<Void>[] acks = new CompletableFuture[events.size()];
        @SuppressWarnings("unchecked")
        OutgoingMessageMetadata<RecordMetadata>[] results = new OutgoingMessageMetadata[events.size()];
        OutgoingKafkaRecordMetadata<String> key = OutgoingKafkaRecordMetadata.<String>builder().withKey(sessionId).build();
        try {
            for (int i = 0; i < acks.length; i++) {
                results[i] = new OutgoingMessageMetadata<>();
                Message<Event> message = Message.of(events.get(i)).addMetadata(key).addMetadata(results[i]);
                // Subscribing emits: the loop hands the events to the producer in order.
                acks[i] = emitter.sendMessage(message).subscribeAsCompletionStage();
            }
        } catch (RuntimeException e) {
            // The emitter refuses when its buffer is full or the channel has failed.
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.allOf(acks).thenApply(done -> {
            long[] offsets = new long[results.length];
            for (int i = 0; i < offsets.length; i++) {
                RecordMetadata metadata = results[i].getResult();
                offsets[i] = metadata == null ? -1 : metadata.offset();
            }
            return offsets;
        });
    }
}
