package dev.replaymesh.capture.grpc;

import dev.replaymesh.capture.config.CaptureConfig;
import dev.replaymesh.capture.parse.EventJson;
import dev.replaymesh.capture.parse.IncomingEvent;
import dev.replaymesh.capture.service.BatchChecks;
import dev.replaymesh.capture.service.CaptureBatch;
import dev.replaymesh.capture.service.CaptureMetrics;
import dev.replaymesh.capture.service.CaptureRefusedException;
import dev.replaymesh.capture.service.CaptureService;
import dev.replaymesh.capture.service.Refusal;
import dev.replaymesh.proto.v1.Accepted;
import dev.replaymesh.proto.v1.CaptureAck;
import dev.replaymesh.proto.v1.CapturedEvent;
import dev.replaymesh.proto.v1.Refused;
import io.grpc.Status;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Checks one gRPC batch and captures it. A batch that is wrong is answered with a {@link Refused}
 * and the stream goes on; Kafka being unavailable fails the future with UNAVAILABLE.
 */
@ApplicationScoped
public class BatchHandler {

    private final CaptureService capture;
    private final CaptureMetrics metrics;
    private final int maxEventBytes;
    private final int maxEvents;

    public BatchHandler(CaptureService capture, CaptureMetrics metrics, CaptureConfig config) {
        this.capture = capture;
        this.metrics = metrics;
        this.maxEventBytes = Math.toIntExact(config.limits().maxEvent().asLongValue());
        this.maxEvents = config.limits().maxEventsPerBatch();
    }

    CompletableFuture<CaptureAck> handle(String project, dev.replaymesh.proto.v1.CaptureBatch batch) {
        CaptureBatch checked;
        try {
            checked = check(project, batch);
        } catch (CaptureRefusedException e) {
            metrics.refused(CaptureGrpcService.TRANSPORT, e.refusal(), batch.getEventsCount(), batch.getSerializedSize());
            return CompletableFuture.completedFuture(refused(batch.getBatchId(), e));
        }
        return capture.capture(checked, CaptureGrpcService.TRANSPORT)
                .handle((receipt, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                        throw Status.UNAVAILABLE.withDescription(cause.getMessage()).withCause(cause).asRuntimeException();
                    }
                    return CaptureAck.newBuilder()
                            .setBatchId(batch.getBatchId())
                            .setAccepted(Accepted.newBuilder()
                                    .setCount(receipt.accepted())
                                    .setDurableSeq(receipt.highestClientSeq()))
                            .build();
                });
    }

    private CaptureBatch check(String project, dev.replaymesh.proto.v1.CaptureBatch batch) {
        BatchChecks.requireValidSessionId(batch.getSessionId());
        if (batch.getEventsCount() == 0) {
            throw new CaptureRefusedException(Refusal.INVALID, "the batch holds no events");
        }
        if (batch.getEventsCount() > maxEvents) {
            throw new CaptureRefusedException(Refusal.TOO_LARGE,
                    "more than " + maxEvents + " events in one batch");
        }
        List<IncomingEvent> events = new ArrayList<>(batch.getEventsCount());
        long previousSeq = 0;
        for (int i = 0; i < batch.getEventsCount(); i++) {
            CapturedEvent in = batch.getEvents(i);
            String where = "event " + (i + 1);
            if (in.getSeq() <= previousSeq) {
                throw new CaptureRefusedException(Refusal.INVALID,
                        where + ": seq must be positive and increase within the batch");
            }
            previousSeq = in.getSeq();
            byte[] payload = in.getPayload().toByteArray();
            if (payload.length > maxEventBytes) {
                throw new CaptureRefusedException(Refusal.TOO_LARGE, where + ": event of " + payload.length
                        + " bytes is over the limit of " + maxEventBytes + " bytes");
            }
            IncomingEvent parsed = BatchChecks.parsed(() -> EventJson.readWhole(payload, 0, payload.length, where));
            String windowId = in.getWindowId().isEmpty() ? parsed.windowId() : in.getWindowId();
            events.add(new IncomingEvent(windowId, in.getSeq(), parsed.type(), parsed.timestamp(), parsed.payload()));
        }
        return new CaptureBatch(project, batch.getSessionId(), batch.getWindowId(), batch.getDistinctId(),
                events, batch.getSerializedSize());
    }

    private static CaptureAck refused(long batchId, CaptureRefusedException e) {
        return CaptureAck.newBuilder()
                .setBatchId(batchId)
                .setRefused(Refused.newBuilder().setCode(e.refusal().grpcCode()).setMessage(e.getMessage()))
                .build();
    }
}
