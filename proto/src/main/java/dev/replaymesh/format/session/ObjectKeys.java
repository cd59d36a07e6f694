package dev.replaymesh.format.session;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Where a session's objects live in the bucket. Keys are deterministic, so a chunk written again
 * after a crash replaces the same object instead of adding a second one:
 *
 * <pre>
 * sessions/{project}/{sessionId}/manifest.json
 * sessions/{project}/{sessionId}/chunks/{yyyy-MM-dd}/{firstSeq}-{lastSeq}.zst   (12-digit seqs)
 * </pre>
 *
 * The day is when capture received the chunk's first event (UTC). Everything of a session is
 * under its prefix, so deleting the prefix deletes the session.
 */
public final class ObjectKeys {

    public static final String ROOT = "sessions/";
    public static final String MANIFEST = "manifest.json";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private ObjectKeys() {
    }

    public static String projectPrefix(String project) {
        return ROOT + project + "/";
    }

    public static String sessionPrefix(String project, String sessionId) {
        return projectPrefix(project) + sessionId + "/";
    }

    public static String manifest(String project, String sessionId) {
        return sessionPrefix(project, sessionId) + MANIFEST;
    }

    public static String chunk(String project, String sessionId, long firstReceivedMs, long firstSeq, long lastSeq) {
        return sessionPrefix(project, sessionId) + "chunks/" + DAY.format(Instant.ofEpochMilli(firstReceivedMs))
                + "/" + String.format("%012d-%012d.zst", firstSeq, lastSeq);
    }
}
