package dev.replaymesh.storage.deletion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replaymesh.format.session.ObjectKeys;
import dev.replaymesh.storage.catalog.CatalogPublisher;
import dev.replaymesh.store.SessionKey;
import dev.replaymesh.store.catalog.CatalogView;
import dev.replaymesh.store.objectstore.ObjectStore;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Deletes sessions for erasure requests: their objects at once, a tombstone in the catalog, and a
 * request on replay.deletions.v1 so that the replica storing the session forgets what it holds
 * and deletes again after anything it wrote meanwhile. Nothing of the session remains once that
 * replica has read the request.
 */
@ApplicationScoped
public class SessionDeleter {

    /** Outgoing channel bound to replay.deletions.v1. */
    public static final String CHANNEL = "deletions-out";
    private static final Logger LOG = Logger.getLogger(SessionDeleter.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ObjectStore store;
    private final CatalogPublisher catalog;
    private final CatalogView view;
    private final MutinyEmitter<Record<String, byte[]>> requests;
    private final ObjectMapper json = new ObjectMapper();

    public SessionDeleter(ObjectStore store, CatalogPublisher catalog, CatalogView view,
            @Channel(CHANNEL) MutinyEmitter<Record<String, byte[]>> requests) {
        this.store = store;
        this.catalog = catalog;
        this.view = view;
        this.requests = requests;
    }

    public SessionDeletion deleteSession(String project, String sessionId, String reason) {
        try {
            requests.send(Record.of(sessionId, json.writeValueAsBytes(
                    new DeletionRequest(project, sessionId, System.currentTimeMillis(), reason))))
                    .await().atMost(TIMEOUT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        SessionDeletion done = deleteObjects(project, sessionId);
        catalog.forget(List.of(sessionId), TIMEOUT);
        view.forget(new SessionKey(project, sessionId));
        LOG.infof("deleted session %s/%s (%d objects): %s", project, sessionId, done.objects().size(), reason);
        return done;
    }

    /** Every session the catalog knows of this user in this project. */
    public List<SessionDeletion> deleteUser(String project, String distinctId, String reason) {
        List<SessionDeletion> done = new ArrayList<>();
        for (SessionKey key : view.sessionsOf(project, distinctId)) {
            done.add(deleteSession(key.project(), key.sessionId(), reason));
        }
        return done;
    }

    /** Deletes everything under the session's prefix; what the owner calls again on the request. */
    public SessionDeletion deleteObjects(String project, String sessionId) {
        List<String> keys = store.list(ObjectKeys.sessionPrefix(project, sessionId));
        store.delete(keys);
        return new SessionDeletion(project, sessionId, keys);
    }
}
