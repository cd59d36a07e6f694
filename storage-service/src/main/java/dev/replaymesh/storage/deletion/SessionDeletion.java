package dev.replaymesh.storage.deletion;

import java.util.List;

/**
 * What deleting one session removed.
 *
 * @param project   project of the session
 * @param sessionId the session
 * @param objects   object keys deleted (manifest and chunks)
 */
public record SessionDeletion(String project, String sessionId, List<String> objects) {
}
