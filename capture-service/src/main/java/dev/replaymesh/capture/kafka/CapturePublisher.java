package dev.replaymesh.capture.kafka;

import dev.replaymesh.proto.v1.Event;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Produces envelopes to {@code replay.capture.v1}, keyed by session id so that one session's
 * events stay in one partition, in order. The producer is idempotent with {@code acks=all}
 * (application.properties), so a completed future means the event is durable.
 *
 * <p>A batch goes to the channel's own Kafka producer in one task on the connector's sending
 * thread, each event with a plain producer callback. Emitting one reactive message per event
 * instead cost several times what Kafka's client itself spends per event (a Uni, message
 * metadata and context propagation on both the send and the acknowledgement), which made the
 * capture process, not the broker, the limit of the whole path.
 */
@ApplicationScoped
public class CapturePublisher {

    /** Outgoing channel bound to the topic replay.capture.v1. */
    public static final String CHANNEL = "capture-events";

    private final KafkaClientService clients;
    private final String topic;
    private volatile KafkaProducer<String, Event> producer;

    /**
     * The emitter is never used to send: declaring it makes the connector create the channel's
     * sink, whose producer (configured under mp.messaging.outgoing.capture-events) and readiness
     * check this class relies on.
     */
    public CapturePublisher(@Channel(CHANNEL) MutinyEmitter<Event> channel, KafkaClientService clients,
            @ConfigProperty(name = "mp.messaging.outgoing." + CHANNEL + ".topic") String topic) {
        this.clients = clients;
        this.topic = topic;
    }

    /**
     * Sends the events in list order; the future completes with each event's offset once Kafka
     * acknowledged all of them, or fails with the first failure.
     */
    public CompletableFuture<long[]> publish(String sessionId, List<Event> events) {
        KafkaProducer<String, Event> kafka = producer();
        if (kafka == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the Kafka producer is not ready yet"));
        }
        BatchAck ack = new BatchAck(events.size());
        // The sending thread, not the caller's: send() may block (metadata, a full buffer), and
        // gRPC batches arrive on the event loop. One task per batch keeps the batch in order.
        kafka.runOnSendingThread((Producer<String, Event> p) -> {
            for (int i = 0; i < events.size(); i++) {
                int index = i;
                p.send(new ProducerRecord<>(topic, sessionId, events.get(i)),
                        (metadata, failure) -> ack.acknowledged(index, failure == null ? metadata.offset() : -1, failure));
            }
        }).subscribe().with(done -> { }, ack.result::completeExceptionally);
        return ack.result;
    }

    private KafkaProducer<String, Event> producer() {
        KafkaProducer<String, Event> p = producer;
        if (p == null) {
            p = clients.getProducer(CHANNEL);
            producer = p;
        }
        return p;
    }

    /** Collects the offsets of one batch; completes when the last event is acknowledged. */
    private static final class BatchAck {
        final CompletableFuture<long[]> result = new CompletableFuture<>();
        final long[] offsets;
        final AtomicInteger remaining;

        BatchAck(int size) {
            offsets = new long[size];
            remaining = new AtomicInteger(size);
        }

        void acknowledged(int index, long offset, Exception failure) {
            if (failure != null) {
                result.completeExceptionally(failure);
                return;
            }
            offsets[index] = offset;
            if (remaining.decrementAndGet() == 0) {
                result.complete(offsets);
            }
        }
    }
}
