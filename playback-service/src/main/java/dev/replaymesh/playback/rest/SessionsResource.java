package dev.replaymesh.playback.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.util.JsonFormat;
import dev.replaymesh.format.NdjsonCodec;
import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.format.session.ObjectKeys;
import dev.replaymesh.playback.auth.ReadKeys;
import dev.replaymesh.playback.metrics.PlaybackMetrics;
import dev.replaymesh.playback.stream.PlaybackCursor;
import dev.replaymesh.playback.stream.PlaybackException;
import dev.replaymesh.playback.stream.Problem;
import dev.replaymesh.playback.stream.SessionPlayback;
import dev.replaymesh.proto.v1.Event;
import dev.replaymesh.proto.v1.SessionSummary;
import dev.replaymesh.store.catalog.CatalogEntries;
import dev.replaymesh.store.catalog.CatalogView;
import dev.replaymesh.store.objectstore.ObjectStore;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The readers' HTTP view of a project's sessions: the list (from the catalog), one session's
 * metadata, manifest and redaction summary, and its events as NDJSON, streamed in sequence order
 * with every chunk verified. The project is the one the read key belongs to; one session's
 * metadata and events can also be read with a share link's {@code token}.
 */
@Path("/v1/sessions")
@Blocking
public class SessionsResource {

    static final String TRANSPORT = "http";
    static final int MAX_PAGE = 1000;
    static final String NDJSON = "application/x-ndjson";
    private static final Logger LOG = Logger.getLogger(SessionsResource.class);

    private final ReadKeys keys;
    private final CatalogView catalog;
    private final SessionPlayback playback;
    private final PlaybackMetrics metrics;
    private final ObjectStore store;
    private final ObjectMapper json;
    private final NdjsonCodec ndjson = new NdjsonCodec();
    private final JsonFormat.Printer proto = JsonFormat.printer().omittingInsignificantWhitespace();

    public SessionsResource(ReadKeys keys, CatalogView catalog, SessionPlayback playback, PlaybackMetrics metrics,
            ObjectStore store, ObjectMapper json) {
        this.store = store;
        this.keys = keys;
        this.catalog = catalog;
        this.playback = playback;
        this.metrics = metrics;
        this.json = json;
    }

    /** Sessions newest first; {@code from}/{@code to} bound the start time (ms), {@code user} the distinct id. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("from") @DefaultValue("0") long fromMs, @QueryParam("to") @DefaultValue("0") long toMs,
            @QueryParam("user") String user, @QueryParam("pageSize") @DefaultValue("100") int pageSize,
            @QueryParam("pageToken") String pageToken) throws IOException {
        String project = keys.project(authorization);
        if (pageSize < 1 || pageSize > MAX_PAGE) {
            throw new PlaybackException(Problem.INVALID_ARGUMENT, "pageSize must be 1.." + MAX_PAGE);
        }
        CatalogView.Page page;
        try {
            page = catalog.list(project, fromMs, toMs, user, pageSize, pageToken);
        } catch (IllegalArgumentException e) {
            throw new PlaybackException(Problem.INVALID_ARGUMENT, e.getMessage());
        }
        ObjectNode body = json.createObjectNode();
        ArrayNode sessions = body.putArray("sessions");
        for (SessionSummary s : page.sessions()) {
            sessions.add(summaryJson(s));
        }
        body.put("nextPageToken", page.nextPageToken());
        return body;
    }

    /** Metadata (as the catalog lists it), the manifest, what redaction removed, and where an imported session came from. */
    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id,
            @QueryParam("token") String token) throws IOException {
        Manifest manifest = playback.manifest(keys.projectOfSession(authorization, token, id), id);
        ObjectNode body = json.createObjectNode();
        body.set("session", summaryJson(CatalogEntries.of(manifest)));
        body.set("redaction", json.valueToTree(manifest.redaction()));
        body.set("manifest", json.valueToTree(manifest));
        Optional<byte[]> origin = store.get(ObjectKeys.origin(manifest.project(), id));
        if (origin.isPresent()) {
            body.set("origin", json.readTree(origin.get()));
        }
        return body;
    }

    /**
     * The events from the last full snapshot at or before {@code from} to {@code to} (ms since the
     * epoch, 0 = open), one per line: the envelope of docs/FORMAT.md, or with {@code shape=rrweb}
     * the rrweb event alone. The first chunk is verified before the answer starts, so its failure
     * is an error status; a later chunk that fails ends the body with an {@code {"error":...}} line
     * after the events before it, never a silent gap. (The status is sent by then; Quarkus ends a
     * chunked body cleanly even when the writer fails, so the last line is what says it.)
     */
    @GET
    @Path("/{id}/events")
    @Produces(NDJSON)
    public Response events(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id,
            @QueryParam("from") @DefaultValue("0") long fromMs, @QueryParam("to") @DefaultValue("0") long toMs,
            @QueryParam("shape") @DefaultValue("envelope") String shape, @QueryParam("token") String token) {
        String project = keys.projectOfSession(authorization, token, id);
        boolean rrweb = switch (shape) {
            case "envelope" -> false;
            case "rrweb" -> true;
            default -> throw new PlaybackException(Problem.INVALID_ARGUMENT, "shape is envelope or rrweb");
        };
        PlaybackCursor cursor;
        List<Event> first;
        try {
            cursor = playback.open(playback.manifest(project, id), fromMs, toMs);
            first = cursor.next();
        } catch (PlaybackException e) {
            metrics.failed(TRANSPORT, e.problem());
            throw e;
        }
        StreamingOutput body = out -> {
            try {
                for (List<Event> events = first; events != null; events = cursor.next()) {
                    for (Event e : events) {
                        write(e, rrweb, out);
                    }
                    metrics.events(TRANSPORT, events.size());
                }
            } catch (PlaybackException e) {
                metrics.failed(TRANSPORT, e.problem());
                LOG.error(e.getMessage());
                out.write(json.writeValueAsBytes(new ProblemMapper.ErrorBody(e.problem().tag(), e.getMessage())));
                out.write('\n');
                out.flush();
            }
        };
        return Response.ok(body, NDJSON).build();
    }

    private void write(Event e, boolean rrweb, OutputStream out) throws IOException {
        if (rrweb) {
            e.getPayload().writeTo(out);
            out.write('\n');
        } else {
            ndjson.write(e, out);
        }
    }

    /** The summary in protobuf's JSON mapping (the gRPC listing's field names in camelCase). */
    private ObjectNode summaryJson(SessionSummary s) throws IOException {
        return (ObjectNode) json.readTree(proto.print(s));
    }
}
