package dev.replaymesh.capture.ingest;

import dev.replaymesh.capture.auth.ProjectKeys;
import dev.replaymesh.capture.config.CaptureConfig;
import dev.replaymesh.capture.parse.BatchParser;
import dev.replaymesh.capture.parse.IncomingEvent;
import dev.replaymesh.capture.service.BatchChecks;
import dev.replaymesh.capture.service.CaptureBatch;
import dev.replaymesh.capture.service.CaptureMetrics;
import dev.replaymesh.capture.service.CaptureRefusedException;
import dev.replaymesh.capture.service.CaptureService;
import dev.replaymesh.capture.service.Receipt;
import dev.replaymesh.capture.service.Refusal;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.ResponseStatus;
import java.util.List;
import java.util.Locale;

/** {@code POST /v1/sessions/{sessionId}/events}: a batch of one session's events, accepted whole or refused whole. */
@Path("/v1/sessions/{sessionId}/events")
public class EventsResource {

    static final String TRANSPORT = "http";
    static final String NDJSON = "application/x-ndjson";
    static final String PROTOBUF = "application/x-protobuf";

    private final ProjectKeys keys;
    private final CaptureService capture;
    private final CaptureMetrics metrics;
    private final BatchParser parser;
    private final BodyDecoder decoder;

    public EventsResource(ProjectKeys keys, CaptureService capture, CaptureMetrics metrics, CaptureConfig config) {
        this.keys = keys;
        this.capture = capture;
        this.metrics = metrics;
        this.parser = new BatchParser(Math.toIntExact(config.limits().maxEvent().asLongValue()),
                config.limits().maxEventsPerBatch());
        this.decoder = new BodyDecoder(config.limits().maxInflatedBody().asLongValue());
    }

    /**
     * Answers 202 with the receipt once Kafka acknowledged every event. Runs on a worker thread:
     * a large or gzip body must not hold up the event loop, and the thread waits for Kafka's
     * acknowledgement (bounded by the ack timeout) so the request scope stays where it began.
     */
    @POST
    @Blocking
    @ResponseStatus(202)
    @Produces(MediaType.APPLICATION_JSON)
    public ReceiptResponse capture(@PathParam("sessionId") String sessionId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding,
            @QueryParam("windowId") String windowId,
            @QueryParam("distinctId") String distinctId,
            byte[] body) {
        CaptureBatch batch = checked(sessionId, authorization, contentType, contentEncoding, windowId, distinctId, body);
        // From here on CaptureService counts the outcome, accepted or unavailable.
        return ReceiptResponse.of(CaptureService.await(capture.capture(batch, TRANSPORT)));
    }

    /** The request as a batch, or a refusal (counted here) when anything about it is wrong. */
    private CaptureBatch checked(String sessionId, String authorization, String contentType, String contentEncoding,
            String windowId, String distinctId, byte[] body) {
        try {
            String project = keys.projectForAuthorization(authorization).orElseThrow(
                    () -> new CaptureRefusedException(Refusal.UNAUTHENTICATED,
                            "missing or unknown project key; send Authorization: Bearer <capture key>"));
            BatchChecks.requireValidSessionId(sessionId);
            List<IncomingEvent> events = BatchChecks.parsed(() -> parse(contentType, decoder.decode(body, contentEncoding)));
            if (events.isEmpty()) {
                throw new CaptureRefusedException(Refusal.INVALID, "the body holds no events");
            }
            return new CaptureBatch(project, sessionId, orEmpty(windowId), orEmpty(distinctId), events, body.length);
        } catch (CaptureRefusedException e) {
            metrics.refused(TRANSPORT, e.refusal(), 0, body.length);
            throw e;
        }
    }

    private List<IncomingEvent> parse(String contentType, byte[] body) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (type) {
            case NDJSON -> parser.ndjson(body);
            case MediaType.APPLICATION_JSON -> parser.jsonArray(body);
            case PROTOBUF -> parser.frames(body);
            default -> throw new CaptureRefusedException(Refusal.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type '" + contentType + "' is not supported; use " + NDJSON + ", "
                            + MediaType.APPLICATION_JSON + " or " + PROTOBUF);
        };
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** The 202 body: how many events are durable and where they landed in the session's log. */
    public record ReceiptResponse(int accepted, long firstSeq, long lastSeq) {
        static ReceiptResponse of(Receipt r) {
            return new ReceiptResponse(r.accepted(), r.firstOffset(), r.lastOffset());
        }
    }
}
