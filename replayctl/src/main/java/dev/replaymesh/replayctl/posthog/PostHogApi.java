package dev.replaymesh.replayctl.posthog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The parts of a PostHog instance's session recording API a migration reads, with a personal API
 * key ({@code session_recording:read}): list recordings, a recording's snapshot sources, and
 * {@code blob_v2} blocks in ranges of at most {@value #MAX_KEYS_PER_REQUEST} keys (PostHog's limit
 * for personal keys). 429, 502, 503, 504 and lost connections are retried after {@link Backoff}.
 * Paths and parameters as PostHog's {@code session_recording_api.py} reads them: the list's
 * parameters JSON-encoded (it JSON-decodes each, falling back to the raw text), the snapshot
 * parameters as plain text. PostHog throttles snapshot reads of a personal key (120 a minute,
 * 600 an hour at the time of writing): its 429 carries the Retry-After this client waits for.
 */
public final class PostHogApi {

    public static final int MAX_KEYS_PER_REQUEST = 20;
    static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final String apiKey;
    private final Backoff backoff;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final Consumer<String> log;
    private long retries;

    /** One recording as listed. */
    public record Recording(String id, String distinctId, String startTime, double durationSeconds) {
    }

    /** One page of the list, and whether there are more. */
    public record Page(List<Recording> recordings, boolean hasNext) {
    }

    /** A snapshot source: {@code blob_v2} with a numeric key, or {@code blob_v2_lts} with a path. */
    public record Source(String source, String blobKey) {
    }

    /**
     * @param instance  e.g. {@code https://us.posthog.com}
     * @param projectId the project (environment) id
     * @param log       where retries are reported
     */
    public PostHogApi(URI instance, String projectId, String apiKey, Backoff backoff, Consumer<String> log) {
        this.base = instance.toString().replaceAll("/+$", "") + "/api/projects/" + enc(projectId)
                + "/session_recordings/";
        this.apiKey = apiKey;
        this.backoff = backoff;
        this.log = log;
    }

    /** Requests that were tried again. */
    public long retries() {
        return retries;
    }

    /** Recordings from {@code offset} on, newest first; {@code dateFrom} as PostHog reads it ({@code -30d}, an ISO date). */
    public Page list(int offset, int limit, String dateFrom) {
        JsonNode page = json(get(base + "?limit=" + param(limit) + "&offset=" + param(offset)
                + (dateFrom == null ? "" : "&date_from=" + param(dateFrom))));
        List<Recording> recordings = new ArrayList<>();
        for (JsonNode r : page.path("results")) {
            recordings.add(new Recording(r.path("id").asText(), r.path("distinct_id").asText(""),
                    r.path("start_time").asText(""), r.path("recording_duration").asDouble()));
        }
        return new Page(recordings, page.path("has_next").asBoolean(false));
    }

    /** Where a recording's snapshots are, in order. */
    public List<Source> sources(String recordingId) {
        JsonNode answer = json(get(base + enc(recordingId) + "/snapshots"));
        List<Source> sources = new ArrayList<>();
        for (JsonNode s : answer.path("sources")) {
            sources.add(new Source(s.path("source").asText(), s.path("blob_key").asText()));
        }
        return sources;
    }

    /** {@code blob_v2} blocks {@code start..end} (inclusive, at most {@value #MAX_KEYS_PER_REQUEST}), decompressed by PostHog: JSONL. */
    public String blocks(String recordingId, int start, int end) {
        if (end < start || end - start + 1 > MAX_KEYS_PER_REQUEST) {
            throw new IllegalArgumentException("blocks " + start + ".." + end + ": 1 to " + MAX_KEYS_PER_REQUEST + " keys");
        }
        return get(base + enc(recordingId) + "/snapshots?source=blob_v2&start_blob_key=" + start + "&end_blob_key="
                + end);
    }

    /** A long-term-storage recording's one {@code blob_v2_lts} file, decompressed by PostHog: JSONL. */
    public String longTermBlock(String recordingId, String blobKey) {
        return get(base + enc(recordingId) + "/snapshots?source=blob_v2_lts&blob_key=" + enc(blobKey));
    }

    private String get(String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + apiKey)
                .timeout(Duration.ofMinutes(2)).GET().build();
        for (int attempt = 1; ; attempt++) {
            int status = 0;
            String retryAfter = null;
            String why;
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                status = r.statusCode();
                if (status == 200) {
                    return r.body();
                }
                retryAfter = r.headers().firstValue("Retry-After").orElse(null);
                why = "HTTP " + status + " " + abbreviate(r.body());
                if (!(status == 429 || status == 502 || status == 503 || status == 504)) {
                    throw new PostHogApiException(status, url + ": " + why);
                }
            } catch (IOException e) {
                why = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PostHogApiException(0, "interrupted");
            }
            if (attempt == backoff.attempts()) {
                throw new PostHogApiException(status, url + ": " + why + " after " + attempt + " tries");
            }
            Duration wait = backoff.before(attempt, retryAfter);
            retries++;
            log.accept("PostHog answered " + why + "; trying again in " + wait.toMillis() + " ms");
            sleep(wait);
        }
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new PostHogApiException(200, "PostHog's answer is not JSON: " + abbreviate(body));
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PostHogApiException(0, "interrupted");
        }
    }

    private static String param(Object value) {
        try {
            return enc(JSON.writeValueAsString(value));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
