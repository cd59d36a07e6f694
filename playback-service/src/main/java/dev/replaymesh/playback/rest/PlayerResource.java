package dev.replaymesh.playback.rest;

import dev.replaymesh.contract.SessionIds;
import dev.replaymesh.playback.export.OfflinePlayerPage;
import dev.replaymesh.playback.stream.PlaybackException;
import dev.replaymesh.playback.stream.Problem;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /player/{id}}: the web player page. It holds no session data: its script reads the
 * session through the HTTP API with the share link's {@code token}, or with a read key the viewer
 * types (kept for the tab only). {@code embed=1} shows the player alone and may be framed by any
 * site; the full page only by this one.
 */
@Path("/player/{id}")
public class PlayerResource {

    private final String page;

    public PlayerResource(OfflinePlayerPage player) {
        try (InputStream in = PlayerResource.class.getResourceAsStream("/player/web.html")) {
            String template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            this.page = template.replace("{{player-css}}", player.playerCss()).replace("{{player-js}}", player.playerJs());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page(@PathParam("id") String id, @QueryParam("embed") String embed) {
        if (!SessionIds.isValid(id)) {
            throw new PlaybackException(Problem.INVALID_ARGUMENT, "session ids match [A-Za-z0-9_-]{1,128}");
        }
        boolean embedded = "1".equals(embed);
        return Response.ok(page).header("Content-Security-Policy", embedded ? "frame-ancestors *" : "frame-ancestors 'self'")
                .header("Referrer-Policy", "no-referrer").header("Cache-Control", "no-store").build();
    }
}
