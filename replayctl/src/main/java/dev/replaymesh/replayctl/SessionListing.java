package dev.replaymesh.replayctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.function.Consumer;

/** Pages through {@code GET /v1/sessions} with its filters, a session summary at a time. */
final class SessionListing {

    private SessionListing() {
    }

    /**
     * Hands on up to {@code limit} sessions' summaries, newest first.
     *
     * @param user only this distinct id's, or null
     * @param from only those starting at or after, or null
     * @param to   only those starting before, or null
     */
    static void each(Service service, String user, Instant from, Instant to, int limit, Consumer<JsonNode> sink)
            throws IOException {
        String token = null;
        int listed = 0;
        do {
            StringBuilder q = new StringBuilder("/v1/sessions?pageSize=").append(Math.min(1000, limit - listed));
            if (user != null) {
                q.append("&user=").append(Service.path(user));
            }
            if (from != null) {
                q.append("&from=").append(from.toEpochMilli());
            }
            if (to != null) {
                q.append("&to=").append(to.toEpochMilli());
            }
            if (token != null) {
                q.append("&pageToken=").append(Service.path(token));
            }
            JsonNode page;
            try (InputStream body = service.send(service.request(q.toString()).GET().build()).body()) {
                page = Service.JSON.readTree(body);
            }
            for (JsonNode s : page.path("sessions")) {
                listed++;
                sink.accept(s);
            }
            token = page.path("nextPageToken").isTextual() ? page.path("nextPageToken").asText() : null;
        } while (token != null && listed < limit);
    }
}
