package dev.replaymesh.storage.health;

import dev.replaymesh.storage.ingest.IngestLoop;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/** Live while the ingest thread polls Kafka; says when ingest is paused and why. */
@Liveness
@ApplicationScoped
public class IngestHealth implements HealthCheck {

    /** A loop that has not polled for this long is stuck (writes time out well before). */
    static final long STALL_MS = 5 * 60_000;

    private final IngestLoop loop;

    public IngestHealth(IngestLoop loop) {
        this.loop = loop;
    }

    @Override
    public HealthCheckResponse call() {
        long sincePoll = System.currentTimeMillis() - loop.lastPollMs();
        boolean up = loop.running() && (loop.lastPollMs() == 0 || sincePoll < STALL_MS);
        HealthCheckResponseBuilder b = HealthCheckResponse.named("storage-ingest").status(up)
                .withData("running", loop.running());
        if (loop.trouble() != null) {
            // Paused for the object store: alive, retrying; readiness reports the store itself.
            b.withData("paused", loop.trouble());
        }
        return b.build();
    }
}
