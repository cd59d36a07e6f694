package dev.replaymesh.replayctl;

import static dev.replaymesh.replayctl.CommandHarness.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import dev.replaymesh.format.portable.PackageLayout;
import dev.replaymesh.format.portable.PackageSigner;
import dev.replaymesh.format.portable.PackageWriter;
import dev.replaymesh.format.portable.PackagedSession;
import dev.replaymesh.format.portable.WindowRun;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** replayctl's commands: verify offline on real packages, the others against a small fake of the playback API. */
class ReplayctlTest {

    @TempDir
    Path dir;

    CommandHarness harness;
    final Map<String, String> seen = new ConcurrentHashMap<>();
    ByteArrayOutputStream out;
    ByteArrayOutputStream err;

    @BeforeEach
    void start() throws IOException {
        harness = CommandHarness.start(this::answer);
        out = harness.out;
        err = harness.err;
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void verifySaysWhoSignedAPackageAndNamesTheFileOfATamperedOne() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String pub = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        PackageSigner signer = new PackageSigner(Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()),
                pub, "archive-eu");
        Path signed = dir.resolve("signed.zip");
        Files.write(signed, pkg(signer));
        assertThat(Replayctl.run("verify", signed.toString(), "--trust", pub)).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("OK: ").contains("2 events").contains("signed by archive-eu")
                .contains("a trusted key");

        Path unsigned = dir.resolve("unsigned.zip");
        Files.write(unsigned, pkg(null));
        assertThat(Replayctl.run("verify", unsigned.toString())).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("unsigned");

        Path tampered = dir.resolve("tampered.zip");
        Files.write(tampered, flipByteIn(pkg(signer), PackageLayout.EVENTS));
        assertThat(Replayctl.run("verify", tampered.toString())).isEqualTo(ExitCodes.REFUSED);
        assertThat(err.toString()).contains("NOT OK").contains("events.ndjson");
        assertThat(Replayctl.run("verify", dir.resolve("missing.zip").toString())).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void listFollowsPagesAndPlayWritesTheEvents() {
        assertThat(Replayctl.run("list", "--url", url(), "--key", "k1", "--user", "u1")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("s-new").contains("s-old").contains("u1");
        assertThat(seen.get("GET /v1/sessions")).contains("pageToken=p2").contains("user=u1");
        assertThat(seen.get("auth")).isEqualTo("Bearer k1");
        out.reset();
        assertThat(Replayctl.run("play", "s-new", "--ndjson", "--rrweb", "--url", url())).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).isEqualTo("{\"type\":4}\n{\"type\":2}\n");
        assertThat(seen.get("GET /v1/sessions/s-new/events")).contains("shape=rrweb");
        out.reset();
        assertThat(Replayctl.run("play", "s-lost", "--ndjson", "--url", url())).isEqualTo(ExitCodes.REFUSED);
        assertThat(out.toString()).isEqualTo("{\"type\":4}\n");
        assertThat(err.toString()).contains("corrupt chunk k");
    }

    @Test
    void exportWritesTheWholeFileOrNothingAndImportReportsTheOrigin() throws Exception {
        Path file = dir.resolve("s-new.zip");
        assertThat(Replayctl.run("export", "s-new", "-o", file.toString(), "--url", url(), "-q")).isEqualTo(ExitCodes.OK);
        assertThat(Files.readAllBytes(file)).isEqualTo(pkg(null));
        Path broken = dir.resolve("broken.zip");
        assertThat(Replayctl.run("export", "s-broken", "-o", broken.toString(), "--url", url(), "-q"))
                .isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(broken).doesNotExist();
        assertThat(dir.resolve("broken.zip.part")).doesNotExist();
        // A package cut short in a body that ended cleanly (the service failed part-way): refused.
        Path cut = dir.resolve("cut.zip");
        assertThat(Replayctl.run("export", "s-cut", "-o", cut.toString(), "--url", url(), "-q"))
                .isEqualTo(ExitCodes.REFUSED);
        assertThat(cut).doesNotExist();
        assertThat(dir.resolve("cut.zip.part")).doesNotExist();

        assertThat(Replayctl.run("import", file.toString(), "--url", url(), "--key", "imp", "-q")).isEqualTo(ExitCodes.OK);
        assertThat(seen.get("POST /v1/import")).isEqualTo(String.valueOf(pkg(null).length));
        assertThat(out.toString()).contains("imported 2 events as session new-1 (was s-new, from package)")
                .contains("unsigned");
    }

    @Test
    void exitCodesSayWhatWentWrong() {
        assertThat(Replayctl.run("play", "nope", "--ndjson", "--url", url())).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(err.toString()).contains("no session nope");
        assertThat(Replayctl.run("list", "--url", url(), "--key", "bad")).isEqualTo(ExitCodes.UNAUTHORIZED);
        assertThat(Replayctl.run("list", "--url", "http://127.0.0.1:1")).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(Replayctl.run("play", "s-new")).isEqualTo(ExitCodes.USAGE);
        assertThat(Replayctl.run("frobnicate")).isEqualTo(ExitCodes.USAGE);
    }

    private String url() {
        return harness.url();
    }

    private void answer(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        String query = x.getRequestURI().getQuery() == null ? "" : x.getRequestURI().getQuery();
        String auth = x.getRequestHeaders().getFirst("Authorization");
        seen.put("auth", auth);
        byte[] body = x.getRequestBody().readAllBytes();
        seen.merge(x.getRequestMethod() + " " + path, x.getRequestMethod().equals("POST") ? String.valueOf(body.length)
                : query, (a, b) -> a + "|" + b);
        if ("Bearer bad".equals(auth)) {
            send(x, 401, "{\"error\":\"unauthenticated\",\"message\":\"unknown read key\"}");
        } else if (path.equals("/v1/sessions") && !query.contains("pageToken")) {
            send(x, 200, "{\"sessions\":[{\"sessionId\":\"s-new\",\"distinctId\":\"u1\",\"startMs\":\"1700000000000\","
                    + "\"durationMs\":\"5000\",\"eventCount\":\"12\"}],\"nextPageToken\":\"p2\"}");
        } else if (path.equals("/v1/sessions")) {
            send(x, 200, "{\"sessions\":[{\"sessionId\":\"s-old\",\"distinctId\":\"u1\"}],\"nextPageToken\":null}");
        } else if (path.equals("/v1/sessions/s-new/events")) {
            send(x, 200, "{\"type\":4}\n{\"type\":2}\n");
        } else if (path.equals("/v1/sessions/s-lost/events")) {
            send(x, 200, "{\"type\":4}\n{\"error\":\"data_loss\",\"message\":\"corrupt chunk k: SHA-256 differs\"}\n");
        } else if (path.equals("/v1/sessions/s-cut/export")) {
            byte[] whole = pkg(null);
            x.sendResponseHeaders(200, 0);
            try (OutputStream o = x.getResponseBody()) {
                o.write(whole, 0, whole.length / 2);
            }
        } else if (path.equals("/v1/sessions/s-new/export")) {
            x.sendResponseHeaders(200, 0);
            try (OutputStream o = x.getResponseBody()) {
                o.write(pkg(null));
            }
        } else if (path.equals("/v1/sessions/s-broken/export")) {
            byte[] some = new byte[1000];
            x.sendResponseHeaders(200, 5000);
            x.getResponseBody().write(some);
            x.getResponseBody().flush();
            x.close();
        } else if (path.equals("/v1/import")) {
            send(x, 201, "{\"sessionId\":\"new-1\",\"events\":2,\"origin\":{\"source\":\"package\",\"sessionId\":\"s-new\","
                    + "\"signature\":{\"signed\":false}}}");
        } else {
            send(x, 404, "{\"error\":\"not_found\",\"message\":\"no session nope in project demo\"}");
        }
    }

    static byte[] pkg(PackageSigner signer) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PackageWriter w = new PackageWriter(bytes, 1_700_000_000_000L);
            w.file(PackageLayout.EVENTS, "{\"type\":4,\"timestamp\":1}\n{\"type\":2,\"timestamp\":2}\n"
                    .getBytes(StandardCharsets.UTF_8));
            w.file(PackageLayout.REDACTION_REPORT, "{}".getBytes(StandardCharsets.UTF_8));
            w.file(PackageLayout.PLAYER, "<!doctype html>".getBytes(StandardCharsets.UTF_8));
            w.finish(new PackagedSession("demo", "s-new", null, 1, 2, 2, List.of(new WindowRun("w", 1, 2)), List.of()),
                    1_700_000_000_000L, "test", signer);
            w.close();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static byte[] flipByteIn(byte[] zip, String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip));
                ZipOutputStream z = new ZipOutputStream(out)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                if (e.getName().equals(name)) {
                    bytes[0] ^= 1;
                }
                z.putNextEntry(new ZipEntry(e.getName()));
                z.write(bytes);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
