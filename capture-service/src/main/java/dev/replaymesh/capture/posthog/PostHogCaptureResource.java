package dev.replaymesh.capture.posthog;

import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * posthog-js's event endpoints: {@code /s/} (session recording snapshots), and {@code /e/},
 * {@code /i/v0/e/}, {@code /batch/}, {@code /capture/}, {@code /track/}, {@code /engage/} (other
 * events). Answers exactly 200 once everything it keeps is durable: posthog-js re-sends a batch
 * on any other status, up to 10 times. Any Content-Type is read; the body's encoding is found
 * from its bytes and the {@code compression} parameter ({@link PostHogBody}).
 */
@Path("/{endpoint: (s|e|i/v0/e|batch|capture|track|engage)/?}")
public class PostHogCaptureResource {

    private static final Map<String, Integer> OK = Map.of("status", 1);

    private final PostHogCapture capture;

    public PostHogCaptureResource(PostHogCapture capture) {
        this.capture = capture;
    }

    /** Runs on a worker: the body may be large or gzip, and the thread waits for Kafka's acknowledgement. */
    @POST
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Integer> receive(@QueryParam("compression") String compression,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding, byte[] body) {
        capture.capture(body, contentEncoding, compression);
        return OK;
    }
}
