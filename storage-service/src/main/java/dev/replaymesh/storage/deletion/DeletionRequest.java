package dev.replaymesh.storage.deletion;

/**
 * A record on replay.deletions.v1 (JSON, key = session id): the replica that stores the session
 * drops what it holds of it and deletes its objects again, after everything that came before.
 *
 * @param project     project of the session
 * @param sessionId   the session
 * @param requestedMs when the deletion was asked for
 * @param reason      why, for the audit log (e.g. {@code erasure of user 42})
 */
public record DeletionRequest(String project, String sessionId, long requestedMs, String reason) {
}
