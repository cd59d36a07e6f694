package dev.replaymesh.playback.rest;

import dev.replaymesh.playback.auth.ReadKeys;
import dev.replaymesh.playback.share.ShareLinks;
import dev.replaymesh.playback.stream.PlaybackException;
import dev.replaymesh.playback.stream.Problem;
import dev.replaymesh.playback.stream.SessionPlayback;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * {@code POST /v1/sessions/{id}/share?ttl=PT2H}: a link that opens the session in the web player
 * for anyone who has it, until it expires; {@code embedUrl} is the same for an iframe.
 */
@Path("/v1/sessions/{id}/share")
@Blocking
public class ShareResource {

    private final ReadKeys keys;
    private final SessionPlayback playback;
    private final ShareLinks links;

    public ShareResource(ReadKeys keys, SessionPlayback playback, ShareLinks links) {
        this.keys = keys;
        this.playback = playback;
        this.links = links;
    }

    /** {@code {"url":"/player/ID?token=...","embedUrl":"...&embed=1","token":"...","expiresMs":...}} */
    public record Link(String url, String embedUrl, String token, long expiresMs) {
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Link share(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id,
            @QueryParam("ttl") String ttl) {
        String project = keys.project(authorization);
        playback.manifest(project, id);
        ShareLinks.Grant grant;
        try {
            grant = links.grant(project, id, ttl == null ? null : Duration.parse(ttl));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new PlaybackException(Problem.INVALID_ARGUMENT, "ttl is an ISO-8601 duration such as PT2H: "
                    + e.getMessage());
        }
        String token = links.token(grant);
        String url = "/player/" + id + "?token=" + token;
        return new Link(url, url + "&embed=1", token, grant.expiresMs());
    }
}
