package dev.replaymesh.format.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.replaymesh.format.CorruptManifestException;
import dev.replaymesh.format.FormatVersion;
import dev.replaymesh.format.UnsupportedFormatVersionException;
import java.io.IOException;
import java.util.List;

/**
 * Writes and reads {@code manifest.json}. Reading refuses an unknown major version, tolerates
 * fields it does not know (a newer minor version), and checks that the chunks are consecutive and
 * add up to the session's totals, so that a reader never follows a manifest that lies.
 */
public final class ManifestCodec {

    private final ObjectMapper json = JsonMapper.builder()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .configure(SerializationFeature.INDENT_OUTPUT, true)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    public byte[] write(Manifest manifest) {
        check(manifest, manifest.sessionId());
        return writeUnchecked(manifest);
    }

    /** Without the checks: for tests that need a manifest that lies. */
    byte[] writeUnchecked(Manifest manifest) {
        try {
            return json.writeValueAsBytes(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a manifest could not be written", e);
        }
    }

    /**
     * @param where names the manifest in errors (its object key)
     * @throws CorruptManifestException if it is not a valid manifest
     * @throws UnsupportedFormatVersionException if its major version is unknown
     */
    public Manifest read(byte[] data, String where) {
        Manifest manifest;
        try {
            String version = json.readTree(data).path("formatVersion").asText("");
            FormatVersion parsed = FormatVersion.parse(version);
            if (!FormatVersion.CURRENT.canRead(parsed)) {
                throw new UnsupportedFormatVersionException(parsed.major(), "unsupported format major version "
                        + parsed.major() + " in manifest " + where + " (this reader knows "
                        + FormatVersion.CURRENT.major() + ")");
            }
            manifest = json.readValue(data, Manifest.class);
        } catch (IllegalArgumentException e) {
            throw new CorruptManifestException(where, e.getMessage(), e);
        } catch (IOException e) {
            throw new CorruptManifestException(where, "not manifest JSON: " + e.getMessage(), e);
        }
        check(manifest, where);
        return manifest;
    }

    private static void check(Manifest m, String where) {
        require(m.project() != null && !m.project().isEmpty(), where, "no project");
        require(m.sessionId() != null && !m.sessionId().isEmpty(), where, "no sessionId");
        List<ChunkEntry> chunks = m.chunks() == null ? List.of() : m.chunks();
        long expectedFirst = 1;
        long raw = 0;
        long stored = 0;
        for (ChunkEntry c : chunks) {
            require(c.key() != null && !c.key().isEmpty(), where, "a chunk without a key");
            require(c.firstSeq() == expectedFirst, where, "chunk " + c.key() + " starts at sequence " + c.firstSeq()
                    + ", expected " + expectedFirst);
            require(c.lastSeq() >= c.firstSeq() && c.eventCount() == c.lastSeq() - c.firstSeq() + 1, where,
                    "chunk " + c.key() + " counts " + c.eventCount() + " events for " + c.firstSeq() + ".."
                            + c.lastSeq());
            require(c.sha256() != null && c.sha256().length() == 64, where, "chunk " + c.key() + " has no SHA-256");
            expectedFirst = c.lastSeq() + 1;
            raw += c.rawBytes();
            stored += c.storedBytes();
        }
        require(m.lastSeq() == expectedFirst - 1, where, "lastSeq " + m.lastSeq() + " but the chunks end at "
                + (expectedFirst - 1));
        require(m.rawBytes() == raw && m.storedBytes() == stored, where, "byte totals differ from the chunks'");
    }

    private static void require(boolean ok, String where, String detail) {
        if (!ok) {
            throw new CorruptManifestException(where, detail);
        }
    }
}
