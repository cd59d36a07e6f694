package dev.replaymesh.storage.rest;

import dev.replaymesh.contract.SessionIds;

/** Project and session ids in paths: the same rule as everywhere, {@code [A-Za-z0-9_-]{1,128}}. */
final class Ids {

    private Ids() {
    }

    static void check(String... ids) {
        for (String id : ids) {
            if (!SessionIds.isValid(id)) {
                throw new BadRequest("ids must match [A-Za-z0-9_-]{1,128}");
            }
        }
    }
}
