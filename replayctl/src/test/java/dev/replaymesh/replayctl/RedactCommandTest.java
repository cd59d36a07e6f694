package dev.replaymesh.replayctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replaymesh.format.portable.PackageLayout;
import dev.replaymesh.format.portable.PackageWriter;
import dev.replaymesh.format.portable.PackagedSession;
import dev.replaymesh.format.portable.WindowRun;
import dev.replaymesh.testing.Fixtures;
import dev.replaymesh.testing.Zips;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** replayctl redact on a real recording full of planted secrets, recorded with nothing masked. */
class RedactCommandTest {

    static final String PASSWORD = "correct-Horse-battery-9!";
    static final String CARD = "5555 5555 5555 4444";

    @TempDir
    Path dir;

    @Test
    void theNewPackageHoldsNoSecretVerifiesAndReportsThePass() throws Exception {
        List<String> events = Fixtures.events("login-recording");
        assertThat(String.join("\n", events)).contains(PASSWORD).contains(CARD);
        Path in = dir.resolve("login.zip");
        writePackage(in, events);
        Path out = dir.resolve("login-redacted.zip");

        assertThat(Replayctl.run("redact", in.toString(), "-o", out.toString())).isEqualTo(ExitCodes.OK);
        assertThat(Replayctl.run("verify", out.toString())).isEqualTo(ExitCodes.OK);

        Map<String, byte[]> files = Zips.unzip(Files.readAllBytes(out));
        String redacted = new String(files.get(PackageLayout.EVENTS), StandardCharsets.UTF_8);
        String page = new String(files.get(PackageLayout.PLAYER), StandardCharsets.UTF_8);
        for (String secret : List.of(PASSWORD, CARD)) {
            assertThat(redacted).doesNotContain(secret);
            assertThat(page).doesNotContain(secret);
        }
        JsonNode report = new ObjectMapper().readTree(files.get(PackageLayout.REDACTION_REPORT));
        assertThat(report.path("ruleSets").toString()).contains("@");
        assertThat(report.path("eventsSeen").asLong()).isEqualTo(events.size());
        assertThat(report.path("eventsChanged").asLong()).isPositive();
        assertThat(report.path("rules")).isNotEmpty();
        assertThat(report.toString()).doesNotContain(PASSWORD);
        JsonNode manifest = new ObjectMapper().readTree(files.get(PackageLayout.MANIFEST));
        long lines = redacted.lines().count();
        assertThat(manifest.path("session").path("eventCount").asLong()).isEqualTo(lines);
        assertThat(manifest.path("session").path("windows").get(0).path("lastLine").asLong()).isEqualTo(lines);
        assertThat(page).contains("id=\"replay-events\">[");
    }

    @Test
    void aBadRulesFileOrATamperedInputIsRefused() throws Exception {
        Path in = dir.resolve("p.zip");
        writePackage(in, List.of("{\"type\":4,\"timestamp\":1,\"data\":{\"href\":\"https://x\",\"width\":1,\"height\":1}}"));
        Path rules = Files.writeString(dir.resolve("rules.yaml"), "version: x\nselectors:\n  - {id: a, unknownKey: 1}\n");
        assertThat(Replayctl.run("redact", in.toString(), "--rules", rules.toString(), "-o", dir.resolve("o.zip").toString()))
                .isEqualTo(ExitCodes.USAGE);
        byte[] zip = Files.readAllBytes(in);
        Map<String, byte[]> files = Zips.unzip(zip);
        files.get(PackageLayout.EVENTS)[2] ^= 1;
        Path tampered = Files.write(dir.resolve("t.zip"), Zips.zip(files));
        assertThat(Replayctl.run("redact", tampered.toString(), "-o", dir.resolve("o.zip").toString()))
                .isEqualTo(ExitCodes.REFUSED);
        assertThat(dir.resolve("o.zip")).doesNotExist();
    }

    static void writePackage(Path file, List<String> events) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            PackageWriter w = new PackageWriter(out, 1_700_000_000_000L);
            w.file(PackageLayout.EVENTS, (String.join("\n", events) + "\n").getBytes(StandardCharsets.UTF_8));
            w.file(PackageLayout.REDACTION_REPORT, "{\"ruleSets\":[],\"eventsSeen\":0,\"eventsChanged\":0,\"eventsDropped\":0,\"rules\":[]}"
                    .getBytes(StandardCharsets.UTF_8));
            w.file(PackageLayout.PLAYER, ("<!doctype html><script>var player;</script>\n" + dev.replaymesh.format.portable.PlayerPageEvents.OPEN
                    + "[" + String.join(",", events).replace("<", "\\u003c") + "]</script><script>play()</script>")
                    .getBytes(StandardCharsets.UTF_8));
            w.finish(new PackagedSession("demo", "login", "jane", 1, 2, events.size(),
                    List.of(new WindowRun("w1", 1, events.size())), List.of()), 1_700_000_000_000L, "test", null);
            w.close();
        }
    }

}
