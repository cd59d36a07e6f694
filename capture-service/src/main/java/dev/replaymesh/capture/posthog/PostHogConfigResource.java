package dev.replaymesh.capture.posthog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaymesh.capture.auth.ProjectKeys;
import dev.replaymesh.capture.config.CaptureConfig;
import dev.replaymesh.capture.ingest.BodyDecoder;
import dev.replaymesh.capture.service.CaptureRefusedException;
import dev.replaymesh.capture.service.Refusal;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;

/**
 * What posthog-js asks for when it starts: its remote configuration as a script
 * ({@code /array/<token>/config.js}) or JSON ({@code /array/<token>/config}), and, from older
 * versions or when those fail, {@code /flags/} and {@code /decide/}. A token that is no capture
 * key of this mesh gets 401, so a misconfigured page says so at once.
 */
@Path("/")
public class PostHogConfigResource {

    static final String JAVASCRIPT = "application/javascript";

    private final ProjectKeys keys;
    private final RemoteConfig config;
    private final PostHogBody bodies;

    public PostHogConfigResource(ProjectKeys keys, CaptureConfig config) {
        this.keys = keys;
        this.config = new RemoteConfig(config.posthog());
        this.bodies = new PostHogBody(new BodyDecoder(config.limits().maxInflatedBody().asLongValue()));
    }

    @GET
    @Path("array/{token}/config.js")
    @Produces(JAVASCRIPT)
    public String script(@PathParam("token") String token) {
        return config.script(known(token));
    }

    @GET
    @Path("array/{token}/config")
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode json(@PathParam("token") String token) {
        return config.json(known(token));
    }

    @GET
    @Path("{endpoint: (flags|decide)/?}")
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode flags(@QueryParam("token") String token) {
        return config.flags(known(token));
    }

    /** posthog-js posts {@code {"token": ..., "distinct_id": ...}}, gzip or plain, to {@code /flags/?v=2}. */
    @POST
    @Blocking
    @Path("{endpoint: (flags|decide)/?}")
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode flags(@QueryParam("token") String token, @QueryParam("compression") String compression,
            byte[] body) {
        return config.flags(known(token != null ? token : tokenIn(body, compression)));
    }

    private String tokenIn(byte[] body, String compression) {
        try {
            JsonNode request = PostHogBatchReader.JSON.readTree(bodies.json(body, null, compression));
            JsonNode token = request.has("token") ? request.get("token") : request.get("api_key");
            return token == null ? null : token.asText();
        } catch (IOException e) {
            throw new CaptureRefusedException(Refusal.INVALID, "body: not valid JSON");
        }
    }

    private String known(String token) {
        if (token == null || keys.projectForKey(token).isEmpty()) {
            throw new CaptureRefusedException(Refusal.UNAUTHENTICATED,
                    "unknown project token; posthog-js's token must be a capture key of this mesh");
        }
        return token;
    }
}
