package dev.replaymesh.replayctl;

import static dev.replaymesh.replayctl.CommandHarness.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replayctl import-posthog} against a small fake of PostHog's recording API (list pages,
 * snapshot sources, blob_v2 ranges with PostHog's 20-key limit, cv-compressed events, 429 and 503
 * answers) and of this mesh's import; and {@code export-posthog} the other way.
 */
class PostHogMigrationTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PH_KEY = "phx_personal";

    @TempDir
    Path dir;

    CommandHarness harness;
    final List<String> imported = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final List<String> badRanges = new CopyOnWriteArrayList<>();
    /** Recording ids whose snapshot requests fail with 500 (a PostHog outage half-way). */
    final List<String> broken = new CopyOnWriteArrayList<>();
    ByteArrayOutputStream out;
    ByteArrayOutputStream err;

    /** Recording id -> its blocks (each a list of [window, event] lines). */
    final Map<String, List<List<String>>> recordings = new HashMap<>();

    @BeforeEach
    void start() throws IOException {
        recordings.put("rec-long", blocks("w-uuid-1", 45, 3));
        recordings.put("rec-short", blocks("w-uuid-9", 2, 2));
        recordings.put("rec-empty", List.of());
        harness = CommandHarness.start(this::answer);
        out = harness.out;
        err = harness.err;
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void recordingsMoveIntoTheMeshPolitelyAndARunThatStoppedGoesOnWhereItStopped() throws Exception {
        broken.add("rec-short");
        Path state = dir.resolve("state.json");

        int first = run("--state", state.toString());

        assertThat(first).as(err.toString()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(imported).as(err.toString()).hasSize(1);
        JsonNode file = JSON.readTree(imported.get(0));
        assertThat(file.path("version").asText()).isEqualTo("2023-04-28");
        assertThat(file.at("/data/id").asText()).isEqualTo("rec-long");
        assertThat(file.at("/data/person/distinct_ids/0").asText()).isEqualTo("user-rec-long");
        List<Long> times = new ArrayList<>();
        file.at("/data/snapshots").forEach(s -> times.add(s.path("timestamp").asLong()));
        assertThat(times).hasSize(45 * 3).isSorted();
        JsonNode full = file.at("/data/snapshots/1");
        assertThat(full.path("type").asInt()).isEqualTo(2);
        assertThat(full.has("cv")).isFalse();
        assertThat(full.at("/data/node/childNodes/0/textContent").asText()).isEqualTo("page of rec-long");
        assertThat(full.path("windowId").asInt()).isEqualTo(1);
        assertThat(badRanges).as("ranges over PostHog's 20 keys").isEmpty();
        assertThat(calls.get("blocks rec-long").get()).as("45 blocks in ranges of 20").isEqualTo(3);
        assertThat(err.toString()).contains("HTTP 429").contains("HTTP 503");
        assertThat(JSON.readTree(state.toFile()).path("done").has("rec-long")).isTrue();
        assertThat(JSON.readTree(state.toFile()).path("skipped").path("rec-empty").asText()).isEqualTo("no snapshots");

        broken.clear();
        int second = run("--state", state.toString());

        assertThat(second).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(imported).as("rec-long is not imported twice").hasSize(2);
        assertThat(JSON.readTree(imported.get(1)).at("/data/id").asText()).isEqualTo("rec-short");
        assertThat(calls.get("blocks rec-long").get()).as("finished recordings are not fetched again").isEqualTo(3);
        assertThat(out.toString()).contains("migrated 1 recordings (4 events)");
    }

    @Test
    void recordingsCanBeWrittenAsPostHogExportFilesAndAWrongKeyStopsAtOnce() throws Exception {
        Path files = dir.resolve("files");
        assertThat(run("--state", dir.resolve("s.json").toString(), "--output-dir", files.toString(),
                "--recording", "rec-short")).isEqualTo(ExitCodes.OK);
        JsonNode file = JSON.readTree(files.resolve("export-rec-short-ph-recording.json").toFile());
        assertThat(file.at("/data/snapshots")).hasSize(4);
        assertThat(imported).isEmpty();
        try (var listing = Files.list(files)) {
            assertThat(listing).as("no part files left").hasSize(1);
        }

        assertThat(Replayctl.run("import-posthog", "--posthog-url", url(), "--project-id", "7", "--posthog-key", "wrong",
                "--url", url() + "/mesh", "--key", "imp", "--state", dir.resolve("w.json").toString(), "--backoff", "PT0.01S"))
                .isEqualTo(ExitCodes.UNAUTHORIZED);
    }

    @Test
    void exportPostHogWritesEverySessionOnceAndKeepsWhatIsThere() throws Exception {
        Path files = dir.resolve("out");
        Files.createDirectories(files);
        Files.writeString(files.resolve("export-s-2-ph-recording.json"), "{\"kept\":true}");
        assertThat(Replayctl.run("export-posthog", files.toString(), "--url", url() + "/mesh", "-q")).isEqualTo(ExitCodes.OK);
        assertThat(JSON.readTree(files.resolve("export-s-1-ph-recording.json").toFile()).path("version").asText())
                .isEqualTo("2023-04-28");
        assertThat(Files.readString(files.resolve("export-s-2-ph-recording.json"))).isEqualTo("{\"kept\":true}");
        assertThat(out.toString()).contains("wrote 1 PostHog export files").contains("1 already there");
    }

    private int run(String... extra) {
        List<String> args = new ArrayList<>(List.of("import-posthog", "--posthog-url", url(), "--project-id", "7",
                "--posthog-key", PH_KEY, "--url", url() + "/mesh", "--key", "imp", "--backoff", "PT0.01S", "--max-tries", "4"));
        args.addAll(List.of(extra));
        return Replayctl.run(args.toArray(String[]::new));
    }

    private String url() {
        return harness.url();
    }

    private void answer(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        Map<String, String> q = query(x.getRequestURI().getRawQuery());
        String auth = x.getRequestHeaders().getFirst("Authorization");
        if (path.startsWith("/mesh/")) {
            mesh(x, path, auth);
            return;
        }
        if (!("Bearer " + PH_KEY).equals(auth)) {
            send(x, 401, "{\"detail\":\"Invalid personal API key.\"}");
            return;
        }
        String base = "/api/projects/7/session_recordings/";
        if (path.equals(base)) {
            // One 429 with Retry-After on the first page, as PostHog's throttle answers.
            if (count("list") == 1) {
                x.getResponseHeaders().add("Retry-After", "0");
                send(x, 429, "{\"detail\":\"Request was throttled.\"}");
                return;
            }
            int offset = Integer.parseInt(q.getOrDefault("offset", "0"));
            List<String> ids = List.of("rec-long", "rec-short", "rec-empty");
            StringBuilder results = new StringBuilder("[");
            for (int i = offset; i < Math.min(ids.size(), offset + 2); i++) {
                results.append(results.length() > 1 ? "," : "").append("{\"id\":\"").append(ids.get(i))
                        .append("\",\"distinct_id\":\"user-").append(ids.get(i)).append("\",\"recording_duration\":12}");
            }
            send(x, 200, "{\"results\":" + results + "],\"has_next\":" + (offset + 2 < ids.size()) + ",\"version\":4}");
            return;
        }
        String id = path.substring(base.length()).split("/")[0];
        if (!recordings.containsKey(id)) {
            send(x, 404, "{\"detail\":\"Not found.\"}");
            return;
        }
        if (broken.contains(id)) {
            send(x, 500, "{\"detail\":\"boom\"}");
            return;
        }
        List<List<String>> blocks = recordings.get(id);
        if (!q.containsKey("source")) {
            StringBuilder sources = new StringBuilder("[");
            for (int i = 0; i < blocks.size(); i++) {
                sources.append(i > 0 ? "," : "").append("{\"source\":\"blob_v2\",\"blob_key\":\"").append(i).append("\"}");
            }
            send(x, 200, "{\"sources\":" + sources + "]}");
            return;
        }
        int start = Integer.parseInt(q.get("start_blob_key"));
        int end = Integer.parseInt(q.get("end_blob_key"));
        if (end - start + 1 > 20) {
            badRanges.add(start + ".." + end);
            send(x, 400, "{\"detail\":\"too many blob keys\"}");
            return;
        }
        // One 503 without Retry-After, on rec-long's first block request.
        if (id.equals("rec-long") && count("busy " + id) == 1) {
            send(x, 503, "{\"detail\":\"ClickHouse is busy\"}");
            return;
        }
        count("blocks " + id);
        StringBuilder jsonl = new StringBuilder();
        for (int i = start; i <= end; i++) {
            blocks.get(i).forEach(line -> jsonl.append(line).append('\n'));
        }
        send(x, 200, jsonl.toString());
    }

    private void mesh(HttpExchange x, String path, String auth) throws IOException {
        if (path.equals("/mesh/v1/import")) {
            if (!"Bearer imp".equals(auth)) {
                send(x, 401, "{\"error\":\"unauthenticated\",\"message\":\"import key\"}");
                return;
            }
            imported.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            send(x, 200, "{\"sessionId\":\"ours-" + imported.size() + "\",\"events\":1,\"origin\":{\"source\":\"posthog\"}}");
        } else if (path.equals("/mesh/v1/sessions")) {
            send(x, 200, "{\"sessions\":[{\"sessionId\":\"s-1\"},{\"sessionId\":\"s-2\"}]}");
        } else if (path.matches("/mesh/v1/sessions/s-\\d/export")) {
            send(x, 200, "{\"version\":\"2023-04-28\",\"data\":{\"id\":\"s\",\"snapshots\":[{\"type\":4,\"timestamp\":1,\"windowId\":1}]}}");
        } else {
            send(x, 404, "{\"error\":\"not_found\",\"message\":\"" + path + "\"}");
        }
    }

    private int count(String what) {
        return calls.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
    }

    /** {@code n} blocks of {@code perBlock} lines: a Meta, a compressed FullSnapshot, then mouse moves; times shuffled across blocks. */
    private static List<List<String>> blocks(String window, int n, int perBlock) throws IOException {
        List<List<String>> blocks = new ArrayList<>();
        long t = 1_700_000_000_000L;
        for (int b = 0; b < n; b++) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < perBlock; i++) {
                long ts = t + (long) b * perBlock + (perBlock - 1 - i); // reversed inside a block: the tool sorts
                String event;
                if (b == 0 && i == perBlock - 1) {
                    event = "{\"type\":4,\"timestamp\":" + ts + ",\"data\":{\"href\":\"https://x.test/\",\"width\":800,\"height\":600}}";
                } else if (b == 0 && i == perBlock - 2) {
                    String data = "{\"node\":{\"type\":0,\"id\":1,\"childNodes\":[{\"type\":3,\"id\":2,\"textContent\":\"page of "
                            + (window.endsWith("1") ? "rec-long" : "rec-short") + "\"}]},\"initialOffset\":{\"top\":0,\"left\":0}}";
                    event = "{\"type\":2,\"timestamp\":" + ts + ",\"cv\":\"2024-10\",\"data\":" + JSON.writeValueAsString(latin1Gzip(data)) + "}";
                } else {
                    event = "{\"type\":3,\"timestamp\":" + ts + ",\"data\":{\"source\":1,\"positions\":[{\"x\":" + i + ",\"y\":1,\"id\":2,\"timeOffset\":0}]}}";
                }
                lines.add("[\"" + window + "\"," + event + "]");
            }
            blocks.add(lines);
        }
        return blocks;
    }

    private static String latin1Gzip(String json) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(json.getBytes(StandardCharsets.UTF_8));
        }
        return new String(bytes.toByteArray(), StandardCharsets.ISO_8859_1);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                q.put(kv[0], kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8).replaceAll("^\"|\"$", "") : "");
            }
        }
        return q;
    }
}
