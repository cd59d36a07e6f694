package dev.replaymesh.capture.testing;

import dev.replaymesh.proto.v1.CaptureAck;
import dev.replaymesh.proto.v1.CaptureBatch;
import dev.replaymesh.proto.v1.CaptureServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.net.URL;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A plain grpc-java client of the capture stream, as an SDK would open it. */
public final class CaptureStream implements AutoCloseable {

    private final ManagedChannel channel;
    private final BlockingQueue<CaptureAck> acks = new LinkedBlockingQueue<>();
    private final CompletableFuture<Status> end = new CompletableFuture<>();
    private final StreamObserver<CaptureBatch> requests;

    public CaptureStream(URL server, String key) {
        channel = ManagedChannelBuilder.forAddress(server.getHost(), server.getPort())
                .usePlaintext()
                .maxInboundMessageSize(64 * 1024 * 1024)
                .build();
        Metadata headers = new Metadata();
        if (key != null) {
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
        }
        requests = CaptureServiceGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .capture(new StreamObserver<>() {
                    @Override
                    public void onNext(CaptureAck ack) {
                        acks.add(ack);
                    }

                    @Override
                    public void onError(Throwable t) {
                        end.complete(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                        end.complete(Status.OK);
                    }
                });
    }

    public void send(CaptureBatch batch) {
        requests.onNext(batch);
    }

    public void finish() {
        requests.onCompleted();
    }

    /** The next answer, or null if none came within the timeout. */
    public CaptureAck nextAck(Duration timeout) throws InterruptedException {
        return acks.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How the call ended, or null if it has not ended within the timeout. */
    public Status end(Duration timeout) {
        try {
            return end.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
