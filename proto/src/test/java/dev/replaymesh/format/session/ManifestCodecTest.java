package dev.replaymesh.format.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replaymesh.format.CorruptManifestException;
import dev.replaymesh.format.FormatVersion;
import dev.replaymesh.format.UnsupportedFormatVersionException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestCodecTest {

    private final ManifestCodec codec = new ManifestCodec();

    static ChunkEntry chunk(long first, long last) {
        return new ChunkEntry("sessions/demo/s-1/chunks/2026-11-23/" + first + "-" + last + ".zst", first, last,
                1000 + first, 1000 + last, (int) (last - first + 1), 100 * (last - first + 1), 10 * (last - first + 1),
                "ab".repeat(32), "zstd", first == 1 ? new SnapshotRef(2, 1002) : null, null);
    }

    static Manifest manifest(List<ChunkEntry> chunks) {
        long last = chunks.isEmpty() ? 0 : chunks.get(chunks.size() - 1).lastSeq();
        return new Manifest(FormatVersion.CURRENT.toString(), "demo", "s-1", "user-7", 1001, 1000 + last, 2000 + last, last,
                chunks.stream().mapToLong(ChunkEntry::rawBytes).sum(),
                chunks.stream().mapToLong(ChunkEntry::storedBytes).sum(), false, 5000, chunks,
                new Activity(1200, 3, 1, List.of("http://app.test/a", "http://app.test/b")),
                new RedactionSummary(List.of("default-1@abc"), 30, 4, 1, List.of(new RuleTotal("email", "pattern", 2,
                        0, 34, 34, List.of("form#login > input"), List.of(12L, 19L)))),
                new IngestState(Map.of("replay.redacted.v1:2", 41L), Map.of("replay.redaction-reports.v1:2", 3L), 2));
    }

    @Test
    void roundTripsAndIsReadableJson() {
        Manifest m = manifest(List.of(chunk(1, 10), chunk(11, 25)));

        byte[] json = codec.write(m);

        assertThat(codec.read(json, "m")).isEqualTo(m);
        assertThat(new String(json, StandardCharsets.UTF_8))
                .contains("\"formatVersion\" : \"" + FormatVersion.CURRENT + "\"")
                .contains("\"sha256\" : \"abab")
                .doesNotContain("\"distinctId\" : null");
    }

    @Test
    void aNewerMinorVersionWithUnknownFieldsIsRead() {
        String json = new String(codec.write(manifest(List.of(chunk(1, 10)))), StandardCharsets.UTF_8)
                .replace("\"formatVersion\" : \"" + FormatVersion.CURRENT + "\"",
                        "\"formatVersion\" : \"1.99\", \"somethingNew\" : {\"x\": [1, 2]}");

        assertThat(codec.read(json.getBytes(StandardCharsets.UTF_8), "m").lastSeq()).isEqualTo(10);
    }

    @Test
    void anUnknownMajorVersionIsRefused() {
        String json = new String(codec.write(manifest(List.of(chunk(1, 10)))), StandardCharsets.UTF_8)
                .replace("\"formatVersion\" : \"" + FormatVersion.CURRENT + "\"", "\"formatVersion\" : \"2.0\"");

        assertThatThrownBy(() -> codec.read(json.getBytes(StandardCharsets.UTF_8), "k"))
                .isInstanceOf(UnsupportedFormatVersionException.class).hasMessageContaining("manifest k");
    }

    @Test
    void aManifestThatLiesIsRefused() {
        assertThatThrownBy(() -> codec.read(codec.writeUnchecked(manifest(List.of(chunk(1, 10), chunk(12, 20)))), "k"))
                .isInstanceOf(CorruptManifestException.class).hasMessageContaining("starts at sequence 12, expected 11");
        assertThatThrownBy(() -> codec.read(codec.writeUnchecked(manifest(List.of(chunk(2, 10)))), "k"))
                .isInstanceOf(CorruptManifestException.class);
        assertThatThrownBy(() -> codec.read("{\"formatVersion\":\"1.2\",\"project\":".getBytes(), "k"))
                .isInstanceOf(CorruptManifestException.class).hasMessageContaining("not manifest JSON");
        assertThatThrownBy(() -> codec.read("{\"project\":\"demo\"}".getBytes(), "k"))
                .isInstanceOf(CorruptManifestException.class);
        assertThatThrownBy(() -> codec.write(manifest(List.of(chunk(3, 10)))))
                .isInstanceOf(CorruptManifestException.class);
    }
}
