package dev.replaymesh.capture.grpc;

import dev.replaymesh.proto.v1.CaptureAck;
import dev.replaymesh.proto.v1.CaptureBatch;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;

/**
 * The capture stream: batches in, one answer per batch out, in the order the batches came.
 * Batches are produced to Kafka as they arrive while earlier ones still wait for their
 * acknowledgement; at most {@link OrderedAcks#MAX_IN_FLIGHT} are held at a time.
 */
@GrpcService
public class CaptureGrpcService implements dev.replaymesh.proto.v1.CaptureService {

    static final String TRANSPORT = "grpc";

    private final BatchHandler handler;

    public CaptureGrpcService(BatchHandler handler) {
        this.handler = handler;
    }

    @Override
    public Multi<CaptureAck> capture(Multi<CaptureBatch> batches) {
        String project = ProjectKeyInterceptor.PROJECT.get();
        return Multi.createFrom().emitter(acks -> batches.subscribe()
                .withSubscriber(new OrderedAcks(acks, batch -> handler.handle(project, batch))));
    }
}
