package dev.replaymesh.capture.ingest;

import dev.replaymesh.capture.config.CaptureConfig;
import dev.replaymesh.capture.service.CaptureRefusedException;
import dev.replaymesh.capture.service.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every refusal becomes its HTTP status with a JSON body saying why. */
@ApplicationScoped
public class RefusalMapper {

    private final int retryAfterSeconds;

    public RefusalMapper(CaptureConfig config) {
        this.retryAfterSeconds = config.kafka().retryAfterSeconds();
    }

    @ServerExceptionMapper
    public Response map(CaptureRefusedException e) {
        Response.ResponseBuilder response = Response.status(e.refusal().httpStatus())
                .type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(e.refusal().tag(), e.getMessage()));
        if (e.refusal() == Refusal.UNAVAILABLE) {
            response.header(HttpHeaders.RETRY_AFTER, retryAfterSeconds);
        }
        if (e.refusal() == Refusal.UNAUTHENTICATED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return response.build();
    }

    /** {@code {"error":"too_large","message":"line 3: event of ... bytes is over the limit ..."}} */
    public record ErrorBody(String error, String message) {
    }
}
