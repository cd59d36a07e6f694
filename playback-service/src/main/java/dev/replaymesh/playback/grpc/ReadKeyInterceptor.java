package dev.replaymesh.playback.grpc;

import dev.replaymesh.playback.auth.ReadKeys;
import dev.replaymesh.playback.stream.PlaybackException;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

/** Ends a call with UNAUTHENTICATED unless its {@code authorization} metadata holds a read key. */
@GlobalInterceptor
@ApplicationScoped
public class ReadKeyInterceptor implements ServerInterceptor {

    /** The project the call's key belongs to, for the service methods. */
    static final Context.Key<String> PROJECT = Context.key("replay-project");

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final ReadKeys keys;

    public ReadKeyInterceptor(ReadKeys keys) {
        this.keys = keys;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
            ServerCallHandler<Q, A> next) {
        String project;
        try {
            project = keys.project(headers.get(AUTHORIZATION));
        } catch (PlaybackException e) {
            call.close(e.asGrpc().getStatus(), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return Contexts.interceptCall(Context.current().withValue(PROJECT, project), call, headers, next);
    }
}
