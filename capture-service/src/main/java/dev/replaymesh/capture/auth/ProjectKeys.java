package dev.replaymesh.capture.auth;

import dev.replaymesh.capture.config.CaptureConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/** Resolves the bearer key a request carries to the project it belongs to. */
@ApplicationScoped
public class ProjectKeys {

    private static final String BEARER = "bearer ";

    private final Map<String, CaptureConfig.Project> projects;

    public ProjectKeys(CaptureConfig config) {
        this.projects = Map.copyOf(config.projects());
    }

    /** The project whose capture key is in this {@code Authorization} header value, if any. */
    public Optional<String> projectForAuthorization(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        return projectForKey(authorization.substring(BEARER.length()).trim());
    }

    /** The project this capture key belongs to; compares in constant time to leak nothing. */
    public Optional<String> projectForKey(String key) {
        byte[] given = key.getBytes(StandardCharsets.UTF_8);
        String found = null;
        for (Map.Entry<String, CaptureConfig.Project> e : projects.entrySet()) {
            byte[] expected = e.getValue().captureKey().getBytes(StandardCharsets.UTF_8);
            if (MessageDigest.isEqual(given, expected)) {
                found = e.getKey();
            }
        }
        return Optional.ofNullable(found);
    }
}
