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
 * under its prefix, so deleting the prefix deletes the session. A project's compression
 * dictionaries are shared by its sessions, so they live outside them, named by their SHA-256:
 *
 * <pre>
 * dictionaries/{project}/{sha256}.zdict
 * </pre>
 */
public final class ObjectKeys {

    public static final String ROOT = "sessions/";
    public static final String MANIFEST = "manifest.json";
    public static final String DICTIONARIES = "dictionaries/";
    public static final String DICTIONARY_SUFFIX = ".zdict";
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

    /** Where a session that came in through an import keeps what it was before (origin.json). */
    public static String origin(String project, String sessionId) {
        return sessionPrefix(project, sessionId) + "origin.json";
    }

    public static String chunk(String project, String sessionId, long firstReceivedMs, long firstSeq, long lastSeq) {
        return sessionPrefix(project, sessionId) + "chunks/" + DAY.format(Instant.ofEpochMilli(firstReceivedMs))
                + "/" + String.format("%012d-%012d.zst", firstSeq, lastSeq);
    }

    public static String dictionaryPrefix(String project) {
        return DICTIONARIES + project + "/";
    }

    /** The dictionary whose bytes have SHA-256 {@code sha256} (lowercase hex). */
    public static String dictionary(String project, String sha256) {
        return dictionaryPrefix(project) + sha256 + DICTIONARY_SUFFIX;
    }
}
