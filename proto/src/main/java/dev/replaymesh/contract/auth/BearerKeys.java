package dev.replaymesh.contract.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The project keys of one kind (capture keys, read keys) and the project each belongs to. Every
 * service authenticates the same way: HTTP header or gRPC metadata {@code authorization: Bearer <key>}.
 */
public final class BearerKeys {

    private static final String BEARER = "bearer ";

    private final Map<String, byte[]> keyByProject = new LinkedHashMap<>();

    /** @param keyByProject each project's key */
    public BearerKeys(Map<String, String> keyByProject) {
        keyByProject.forEach((project, key) -> this.keyByProject.put(project, key.getBytes(StandardCharsets.UTF_8)));
    }

    /** The project whose key is in this {@code Authorization} value ({@code Bearer <key>}), if any. */
    public Optional<String> projectForAuthorization(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        return projectForKey(authorization.substring(BEARER.length()).trim());
    }

    /** The project this key belongs to; compares every key in constant time to leak nothing. */
    public Optional<String> projectForKey(String key) {
        byte[] given = key.getBytes(StandardCharsets.UTF_8);
        String found = null;
        for (Map.Entry<String, byte[]> e : keyByProject.entrySet()) {
            if (MessageDigest.isEqual(given, e.getValue())) {
                found = e.getKey();
            }
        }
        return Optional.ofNullable(found);
    }
}
