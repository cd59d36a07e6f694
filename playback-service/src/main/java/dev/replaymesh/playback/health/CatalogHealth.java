package dev.replaymesh.playback.health;

import dev.replaymesh.store.catalog.CatalogView;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the catalog topic has been read up to where it stood at start-up, so listings are whole. */
@Readiness
@ApplicationScoped
public class CatalogHealth implements HealthCheck {

    private final CatalogView catalog;

    public CatalogHealth(CatalogView catalog) {
        this.catalog = catalog;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("session-catalog").status(catalog.caughtUp())
                .withData("sessions", catalog.size()).build();
    }
}
