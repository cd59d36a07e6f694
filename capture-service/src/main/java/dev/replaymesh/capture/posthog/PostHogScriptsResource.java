package dev.replaymesh.capture.posthog;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * posthog-js's scripts under {@code /static/}: it asks for {@code /static/<version>/<name>.js}
 * first and {@code /static/<name>.js?v=<version>} after. The versioned path of the version we ship
 * may be cached for good; any other is served our version, for a short while.
 */
@Path("/static")
public class PostHogScriptsResource {

    private static final String FOREVER = "public, max-age=31536000, immutable";
    private static final String SHORT = "public, max-age=300";

    private final PostHogScripts scripts;

    public PostHogScriptsResource(PostHogScripts scripts) {
        this.scripts = scripts;
    }

    @GET
    @Path("{file}")
    public Response script(@PathParam("file") String file) {
        return serve(file, SHORT);
    }

    @GET
    @Path("{version}/{file}")
    public Response versioned(@PathParam("version") String version, @PathParam("file") String file) {
        return serve(file, version.equals(scripts.version()) ? FOREVER : SHORT);
    }

    private Response serve(String file, String cacheControl) {
        if (!file.endsWith(".js")) {
            return notFound(file);
        }
        return scripts.script(file.substring(0, file.length() - ".js".length()))
                .map(js -> Response.ok(js, PostHogConfigResource.JAVASCRIPT + "; charset=utf-8")
                        .header(HttpHeaders.CACHE_CONTROL, cacheControl)
                        .header("X-PostHog-Js-Version", scripts.version()).build())
                .orElseGet(() -> notFound(file));
    }

    private static Response notFound(String file) {
        return Response.status(Response.Status.NOT_FOUND).type("text/plain")
                .entity("posthog-js " + file + " is not served here\n").build();
    }
}
