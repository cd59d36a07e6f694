package dev.replaymesh.playback.rest;

import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.playback.auth.ReadKeys;
import dev.replaymesh.playback.export.PackageExporter;
import dev.replaymesh.playback.export.PostHogExporter;
import dev.replaymesh.playback.metrics.PlaybackMetrics;
import dev.replaymesh.playback.stream.PlaybackException;
import dev.replaymesh.playback.stream.Problem;
import dev.replaymesh.playback.stream.SessionPlayback;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import org.jboss.logging.Logger;

/**
 * A session as a file to take away: the portable package (a ZIP that plays offline and imports
 * into another instance) or, with {@code format=posthog}, the JSON PostHog's file import reads.
 * Both are streamed, so the status goes out before the session is read: a chunk that fails
 * verification on the way ends the body early, leaving a file cut short (a ZIP missing its
 * manifest, JSON that does not close) that every reader of these formats refuses.
 */
@Path("/v1/sessions/{id}/export")
@Blocking
public class ExportResource {

    static final String TRANSPORT = "export";
    private static final Logger LOG = Logger.getLogger(ExportResource.class);

    private final ReadKeys keys;
    private final SessionPlayback playback;
    private final PackageExporter packages;
    private final PostHogExporter posthog;
    private final PlaybackMetrics metrics;

    public ExportResource(ReadKeys keys, SessionPlayback playback, PackageExporter packages, PostHogExporter posthog,
            PlaybackMetrics metrics) {
        this.keys = keys;
        this.playback = playback;
        this.packages = packages;
        this.posthog = posthog;
        this.metrics = metrics;
    }

    @GET
    public Response export(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id,
            @QueryParam("format") @DefaultValue("package") String format, @QueryParam("token") String token) {
        Manifest manifest = playback.manifest(keys.projectOfSession(authorization, token, id), id);
        return switch (format) {
            case "package" -> file(id + ".replay.zip", "application/zip",
                    out -> packages.write(manifest, out, System.currentTimeMillis()));
            case "posthog" -> {
                if (manifest.eventCount() == 0) {
                    throw new PlaybackException(Problem.INVALID_ARGUMENT, "session " + id
                            + " has no events; PostHog does not import an empty recording");
                }
                yield file("export-" + id + "-ph-recording.json", "application/json",
                        out -> posthog.write(manifest, out));
            }
            default -> throw new PlaybackException(Problem.INVALID_ARGUMENT, "format is package or posthog");
        };
    }

    private Response file(String name, String type, StreamingOutput body) {
        StreamingOutput stream = out -> {
            try {
                body.write(out);
            } catch (PlaybackException e) {
                metrics.failed(TRANSPORT, e.problem());
                LOG.error(e.getMessage());
                throw new IOException(e.getMessage(), e);
            }
        };
        return Response.ok(stream, type).header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
    }
}
