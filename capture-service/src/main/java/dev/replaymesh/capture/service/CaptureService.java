package dev.replaymesh.capture.service;

import com.google.protobuf.UnsafeByteOperations;
import dev.replaymesh.capture.config.CaptureConfig;
import dev.replaymesh.capture.kafka.CapturePublisher;
import dev.replaymesh.capture.parse.IncomingEvent;
import dev.replaymesh.format.Crc32c;
import dev.replaymesh.proto.v1.Event;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Turns a checked batch into envelopes and makes them durable in Kafka. The receipt comes only
 * after Kafka acknowledged every event; when Kafka does not answer in time the batch is refused
 * as UNAVAILABLE (the client retries; retried events are recognised downstream by session,
 * window and sequence or by payload hash).
 */
@ApplicationScoped
public class CaptureService {

    private static final Logger LOG = Logger.getLogger(CaptureService.class);

    private final CapturePublisher publisher;
    private final CaptureMetrics metrics;
    private final CaptureConfig config;
    private final Clock clock;

    public CaptureService(CapturePublisher publisher, CaptureMetrics metrics, CaptureConfig config) {
        this.publisher = publisher;
        this.metrics = metrics;
        this.config = config;
        this.clock = Clock.systemUTC();
    }

    /**
     * Waits for a receipt of {@link #capture}; a refusal (UNAVAILABLE when Kafka did not
     * acknowledge) is thrown as the {@link CaptureRefusedException} it is.
     */
    public static Receipt await(CompletableFuture<Receipt> receipt) {
        try {
            return receipt.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof CaptureRefusedException refused) {
                throw refused;
            }
            throw e;
        }
    }

    public CompletableFuture<Receipt> capture(CaptureBatch batch, String transport) {
        List<Event> envelopes = envelopes(batch);
        long ackTimeoutMs = config.kafka().ackTimeout().toMillis();
        return publisher.publish(batch.sessionId(), envelopes)
                .orTimeout(ackTimeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS)
                .handle((offsets, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                        metrics.refused(transport, Refusal.UNAVAILABLE, envelopes.size(), batch.bytes());
                        String why = cause instanceof TimeoutException
                                ? "Kafka did not acknowledge within " + ackTimeoutMs + " ms"
                                : "Kafka refused the write: " + cause;
                        LOG.warnf("session %s: %d events not acknowledged: %s", batch.sessionId(), envelopes.size(), why);
                        throw new CaptureRefusedException(Refusal.UNAVAILABLE, why, cause);
                    }
                    metrics.accepted(transport, envelopes.size(), batch.bytes());
                    return new Receipt(envelopes.size(), offsets[0], offsets[offsets.length - 1], highestSeq(batch));
                });
    }

    private List<Event> envelopes(CaptureBatch batch) {
        long receivedAt = clock.millis();
        List<Event> envelopes = new ArrayList<>(batch.events().size());
        for (IncomingEvent in : batch.events()) {
            envelopes.add(Event.newBuilder()
                    .setProject(batch.project())
                    .setSessionId(batch.sessionId())
                    .setWindowId(in.windowId() != null ? in.windowId() : batch.defaultWindowId())
                    .setClientSeq(in.clientSeq())
                    .setClientTimestampMs(in.timestamp())
                    .setServerReceivedMs(receivedAt)
                    .setEventType(in.type())
                    // The payload array is ours alone from here on; wrapping it saves a copy.
                    .setPayload(UnsafeByteOperations.unsafeWrap(in.payload()))
                    .setPayloadCrc32C(Crc32c.of(in.payload()))
                    .setDistinctId(batch.distinctId())
                    .build());
        }
        return envelopes;
    }

    private static long highestSeq(CaptureBatch batch) {
        long max = 0;
        for (IncomingEvent e : batch.events()) {
            max = Math.max(max, e.clientSeq());
        }
        return max;
    }
}
