package dev.replaymesh.store.health;

import dev.replaymesh.store.objectstore.ObjectStore;
import dev.replaymesh.store.objectstore.ObjectStoreException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the bucket answers and exists. */
@Readiness
@ApplicationScoped
public class BucketHealth implements HealthCheck {

    private final ObjectStore store;

    public BucketHealth(ObjectStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            boolean exists = store.bucketExists();
            return HealthCheckResponse.named("object-store").status(exists).withData("bucket", store.bucket())
                    .withData("exists", exists).build();
        } catch (ObjectStoreException e) {
            return HealthCheckResponse.named("object-store").down().withData("bucket", store.bucket())
                    .withData("error", e.getMessage()).build();
        }
    }
}
