package dev.replaymesh.storage.rest;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A 400 whose JSON body says what is wrong. */
final class BadRequest extends BadRequestException {

    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
        super(message, Response.status(400).type(MediaType.APPLICATION_JSON)
                .entity("{\"error\":\"" + message.replace("\"", "'") + "\"}").build());
    }
}
