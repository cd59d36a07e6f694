package dev.replaymesh.playback.rest;

import dev.replaymesh.playback.stream.PlaybackException;
import dev.replaymesh.playback.stream.Problem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every refused or failed read becomes its HTTP status with a JSON body saying why. */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response map(PlaybackException e) {
        Response.ResponseBuilder response = Response.status(e.problem().httpStatus())
                .type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(e.problem().tag(), e.getMessage()));
        if (e.problem() == Problem.UNAUTHENTICATED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return response.build();
    }

    /** {@code {"error":"data_loss","message":"corrupt chunk sessions/...: ..."}} */
    public record ErrorBody(String error, String message) {
    }
}
