package dev.replaymesh.replayctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where the playback service is and the key to use: options every networked command shares. */
final class Service {

    static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--url", defaultValue = "${env:REPLAY_URL:-http://127.0.0.1:8084}",
            description = "playback-service base URL (env REPLAY_URL; ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--key", defaultValue = "${env:REPLAY_KEY:-demo-read-key}",
            description = "the project's read key, or its import key for import (env REPLAY_KEY; local default demo-read-key)")
    String key;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + path))
                .header("Authorization", "Bearer " + key);
    }

    /** Sends it; a non-2xx answer becomes a {@link CliFailure} with the service's message. */
    HttpResponse<InputStream> send(HttpRequest request) {
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException e) {
            throw new CliFailure(ExitCodes.UNAVAILABLE, "cannot reach " + url + " (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.UNAVAILABLE, request.uri() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCodes.UNAVAILABLE, "interrupted");
        }
        if (response.statusCode() / 100 != 2) {
            String message;
            try (InputStream body = response.body()) {
                byte[] bytes = body.readAllBytes();
                JsonNode error = JSON.readTree(bytes);
                message = error != null && error.has("message") ? error.path("message").asText()
                        : new String(bytes, StandardCharsets.UTF_8);
            } catch (IOException e) {
                message = "HTTP " + response.statusCode();
            }
            throw new CliFailure(ExitCodes.ofHttpStatus(response.statusCode()), message + " (HTTP "
                    + response.statusCode() + ")");
        }
        return response;
    }

    static String path(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }
}
