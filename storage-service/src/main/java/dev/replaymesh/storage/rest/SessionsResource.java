package dev.replaymesh.storage.rest;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.replaymesh.format.FormatException;
import dev.replaymesh.format.NdjsonCodec;
import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.proto.v1.SessionSummary;
import dev.replaymesh.storage.deletion.SessionDeleter;
import dev.replaymesh.storage.deletion.SessionDeletion;
import dev.replaymesh.store.catalog.CatalogView;
import dev.replaymesh.store.read.SessionReader;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The operators' HTTP view of stored sessions: list, manifest, events (NDJSON), and deletion of a
 * session or of all sessions of a user. Project and session ids are checked by {@link Ids}.
 */
@Path("/v1/projects/{project}")
@Blocking
public class SessionsResource {

    private static final Logger LOG = Logger.getLogger(SessionsResource.class);
    static final int MAX_PAGE = 1000;

    private final CatalogView catalog;
    private final SessionReader reader;
    private final SessionDeleter deleter;
    private final NdjsonCodec ndjson = new NdjsonCodec();

    public SessionsResource(CatalogView catalog, SessionReader reader, SessionDeleter deleter) {
        this.catalog = catalog;
        this.reader = reader;
        this.deleter = deleter;
    }

    @GET
    @Path("/sessions")
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@PathParam("project") String project, @QueryParam("from") @DefaultValue("0") long fromMs,
            @QueryParam("to") @DefaultValue("0") long toMs, @QueryParam("user") String user,
            @QueryParam("pageSize") @DefaultValue("100") int pageSize, @QueryParam("pageToken") String pageToken)
            throws InvalidProtocolBufferException {
        Ids.check(project);
        if (pageSize < 1 || pageSize > MAX_PAGE) {
            throw new BadRequest("pageSize must be 1.." + MAX_PAGE);
        }
        CatalogView.Page page;
        try {
            page = catalog.list(project, fromMs, toMs, user, pageSize, pageToken);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        StringBuilder json = new StringBuilder("{\"sessions\":[");
        JsonFormat.Printer printer = JsonFormat.printer().omittingInsignificantWhitespace();
        for (int i = 0; i < page.sessions().size(); i++) {
            SessionSummary s = page.sessions().get(i);
            json.append(i == 0 ? "" : ",").append(printer.print(s));
        }
        json.append("],\"nextPageToken\":").append(page.nextPageToken() == null ? "null"
                : "\"" + page.nextPageToken() + "\"").append('}');
        return Response.ok(json.toString()).build();
    }

    @GET
    @Path("/sessions/{session}/manifest")
    @Produces(MediaType.APPLICATION_JSON)
    public Manifest manifest(@PathParam("project") String project, @PathParam("session") String session) {
        Ids.check(project, session);
        return reader.manifest(project, session).orElseThrow(() -> new NotFoundException(
                "no session " + session + " in project " + project));
    }

    /** The events as NDJSON (docs/FORMAT.md), in sequence order, every chunk verified first. */
    @GET
    @Path("/sessions/{session}/events")
    @Produces("application/x-ndjson")
    public Response events(@PathParam("project") String project, @PathParam("session") String session,
            @QueryParam("fromSeq") @DefaultValue("1") long fromSeq) {
        Ids.check(project, session);
        Manifest manifest = manifest(project, session);
        StreamingOutput body = out -> {
            try {
                reader.events(manifest, fromSeq, e -> ndjson.write(e, out));
            } catch (FormatException e) {
                // The status is sent already: end the stream with a line that says why it stops.
                LOG.errorf("session %s/%s: %s", project, session, e.getMessage());
                out.write(("{\"error\":" + quote(e.getMessage()) + "}\n").getBytes(StandardCharsets.UTF_8));
            }
        };
        return Response.ok(body).build();
    }

    @DELETE
    @Path("/sessions/{session}")
    @Produces(MediaType.APPLICATION_JSON)
    public SessionDeletion delete(@PathParam("project") String project, @PathParam("session") String session,
            @QueryParam("reason") @DefaultValue("operator request") String reason) {
        Ids.check(project, session);
        return deleter.deleteSession(project, session, reason);
    }

    @DELETE
    @Path("/users/{user}/sessions")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, List<SessionDeletion>> deleteUser(@PathParam("project") String project,
            @PathParam("user") String user, @QueryParam("reason") @DefaultValue("erasure request") String reason) {
        Ids.check(project);
        return Map.of("deleted", deleter.deleteUser(project, user, reason));
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + "\"";
    }
}
