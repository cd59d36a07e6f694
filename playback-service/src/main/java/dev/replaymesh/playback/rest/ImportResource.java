package dev.replaymesh.playback.rest;

import dev.replaymesh.format.RefusedPackageException;
import dev.replaymesh.playback.auth.ReadKeys;
import dev.replaymesh.playback.importing.ImportFailedException;
import dev.replaymesh.playback.importing.ImportResult;
import dev.replaymesh.playback.importing.SessionImporter;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * {@code POST /v1/import}: a portable package (ZIP) or a PostHog export (JSON) as the body becomes
 * a new session of the import key's project. 201 with the new id once Kafka has every event;
 * storage lists it once redaction and storage have passed it on.
 */
@Path("/v1/import")
@Blocking
public class ImportResource {

    private final ReadKeys keys;
    private final SessionImporter importer;

    public ImportResource(ReadKeys keys, SessionImporter importer) {
        this.keys = keys;
        this.importer = importer;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response importFile(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, InputStream body)
            throws IOException {
        String project = keys.importProject(authorization);
        ImportResult result = importer.importFile(project, body);
        return Response.created(URI.create("/v1/sessions/" + result.sessionId())).entity(result).build();
    }

    /** A refused file: 413 when too large, else 400, naming the file inside that failed. */
    @ServerExceptionMapper
    public Response refused(RefusedPackageException e) {
        int status = e.reason() == RefusedPackageException.Reason.TOO_LARGE ? 413 : 400;
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new Refusal(e.reason().name().toLowerCase(java.util.Locale.ROOT), e.file(), e.getMessage()))
                .build();
    }

    @ServerExceptionMapper
    public Response failed(ImportFailedException e) {
        return Response.status(503).type(MediaType.APPLICATION_JSON)
                .entity(new ProblemMapper.ErrorBody("unavailable", e.getMessage())).build();
    }

    /** {@code {"error":"tampered","file":"events.ndjson","message":"..."}} */
    public record Refusal(String error, String file, String message) {
    }
}
