package dev.replaymesh.store;

/** A session is known by its project and id: two projects may pick the same id. */
public record SessionKey(String project, String sessionId) {

    @Override
    public String toString() {
        return project + "/" + sessionId;
    }
}
