package dev.replaymesh.capture.grpc;

import dev.replaymesh.capture.auth.ProjectKeys;
import dev.replaymesh.capture.service.CaptureMetrics;
import dev.replaymesh.capture.service.Refusal;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Ends a call with UNAUTHENTICATED unless its {@code authorization} metadata holds a capture key. */
@GlobalInterceptor
@ApplicationScoped
public class ProjectKeyInterceptor implements ServerInterceptor {

    /** The project the call's key belongs to, for the service methods. */
    static final Context.Key<String> PROJECT = Context.key("replay-project");

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final ProjectKeys keys;
    private final CaptureMetrics metrics;

    public ProjectKeyInterceptor(ProjectKeys keys, CaptureMetrics metrics) {
        this.keys = keys;
        this.metrics = metrics;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
            ServerCallHandler<Q, A> next) {
        Optional<String> project = keys.projectForAuthorization(headers.get(AUTHORIZATION));
        if (project.isEmpty()) {
            metrics.refused(CaptureGrpcService.TRANSPORT, Refusal.UNAUTHENTICATED, 0, 0);
            call.close(Status.UNAUTHENTICATED.withDescription(
                    "missing or unknown project key; send metadata authorization: Bearer <capture key>"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return Contexts.interceptCall(Context.current().withValue(PROJECT, project.get()), call, headers, next);
    }
}
