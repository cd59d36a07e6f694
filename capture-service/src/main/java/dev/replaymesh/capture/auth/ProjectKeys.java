package dev.replaymesh.capture.auth;

import dev.replaymesh.capture.config.CaptureConfig;
import dev.replaymesh.contract.auth.BearerKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Resolves the capture key a request carries to the project it belongs to. */
@ApplicationScoped
public class ProjectKeys {

    private final BearerKeys keys;

    public ProjectKeys(CaptureConfig config) {
        Map<String, String> captureKeys = new LinkedHashMap<>();
        config.projects().forEach((project, settings) -> captureKeys.put(project, settings.captureKey()));
        this.keys = new BearerKeys(captureKeys);
    }

    /** The project whose capture key is in this {@code Authorization} header value, if any. */
    public Optional<String> projectForAuthorization(String authorization) {
        return keys.projectForAuthorization(authorization);
    }

    /** The project this capture key belongs to (posthog-js sends it as its project token). */
    public Optional<String> projectForKey(String key) {
        return keys.projectForKey(key);
    }
}
