package dev.replaymesh.storage.grpc;

import dev.replaymesh.contract.SessionIds;
import dev.replaymesh.format.FormatException;
import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.proto.v1.ListSessionsRequest;
import dev.replaymesh.proto.v1.ListSessionsResponse;
import dev.replaymesh.proto.v1.SessionManifest;
import dev.replaymesh.proto.v1.SessionRef;
import dev.replaymesh.proto.v1.StreamEventsRequest;
import dev.replaymesh.store.catalog.CatalogView;
import dev.replaymesh.store.catalog.ManifestMessages;
import dev.replaymesh.store.objectstore.ObjectStoreException;
import dev.replaymesh.store.read.SessionReader;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.io.IOException;

/**
 * gRPC {@code replay.v1.StorageService}: the catalog, manifests, and a session's events in
 * sequence order, every chunk verified before its events are sent. A corrupt chunk ends the
 * stream with DATA_LOSS naming the chunk; the object store failing ends it with UNAVAILABLE.
 */
@GrpcService
public class StorageGrpcService implements dev.replaymesh.proto.v1.StorageService {

    static final int MAX_PAGE = 1000;
    static final int DEFAULT_PAGE = 100;

    private final CatalogView catalog;
    private final SessionReader reader;

    public StorageGrpcService(CatalogView catalog, SessionReader reader) {
        this.catalog = catalog;
        this.reader = reader;
    }

    @Override
    public Uni<ListSessionsResponse> listSessions(ListSessionsRequest request) {
        return Uni.createFrom().item(() -> {
            check(request.getProject());
            int size = request.getPageSize() == 0 ? DEFAULT_PAGE : request.getPageSize();
            if (size > MAX_PAGE) {
                throw Status.INVALID_ARGUMENT.withDescription("page_size at most " + MAX_PAGE).asRuntimeException();
            }
            CatalogView.Page page;
            try {
                page = catalog.list(request.getProject(), request.getFromMs(), request.getToMs(),
                        request.getDistinctId().isEmpty() ? null : request.getDistinctId(), size,
                        request.getPageToken());
            } catch (IllegalArgumentException e) {
                throw Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
            }
            return ListSessionsResponse.newBuilder().addAllSessions(page.sessions())
                    .setNextPageToken(page.nextPageToken() == null ? "" : page.nextPageToken()).build();
        });
    }

    @Override
    @Blocking
    public Uni<SessionManifest> getManifest(SessionRef request) {
        return Uni.createFrom().item(() -> ManifestMessages.of(manifest(request)));
    }

    @Override
    public Multi<Event> streamEvents(StreamEventsRequest request) {
        return Multi.createFrom().<Event>emitter(out -> {
            try {
                Manifest m = manifest(request.getSession());
                reader.events(m, Math.max(1, request.getFromSeq()), out::emit);
                out.complete();
            } catch (FormatException e) {
                out.fail(Status.DATA_LOSS.withDescription(e.getMessage()).asRuntimeException());
            } catch (ObjectStoreException | IOException e) {
                out.fail(Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException());
            } catch (RuntimeException e) {
                out.fail(e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Manifest manifest(SessionRef ref) {
        check(ref.getProject(), ref.getSessionId());
        try {
            return reader.manifest(ref.getProject(), ref.getSessionId()).orElseThrow(() -> Status.NOT_FOUND
                    .withDescription("no session " + ref.getSessionId() + " in project " + ref.getProject())
                    .asRuntimeException());
        } catch (ObjectStoreException e) {
            throw Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException();
        } catch (FormatException e) {
            throw Status.DATA_LOSS.withDescription(e.getMessage()).asRuntimeException();
        }
    }

    private static void check(String... ids) {
        for (String id : ids) {
            if (!SessionIds.isValid(id)) {
                throw Status.INVALID_ARGUMENT.withDescription("ids must match [A-Za-z0-9_-]{1,128}")
                        .asRuntimeException();
            }
        }
    }
}
