package dev.replaymesh.playback.auth;

import dev.replaymesh.contract.auth.BearerKeys;
import dev.replaymesh.playback.config.PlaybackConfig;
import dev.replaymesh.playback.stream.PlaybackException;
import dev.replaymesh.playback.stream.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/** Resolves the read key a request carries to the project whose sessions it may read. */
@ApplicationScoped
public class ReadKeys {

    private final BearerKeys keys;

    public ReadKeys(PlaybackConfig config) {
        Map<String, String> readKeys = new LinkedHashMap<>();
        config.projects().forEach((project, settings) -> readKeys.put(project, settings.readKey()));
        this.keys = new BearerKeys(readKeys);
    }

    /**
     * The project of the read key in this {@code Authorization} value.
     *
     * @throws PlaybackException UNAUTHENTICATED if there is none or it is unknown
     */
    public String project(String authorization) {
        return keys.projectForAuthorization(authorization).orElseThrow(() -> new PlaybackException(
                Problem.UNAUTHENTICATED, "missing or unknown read key; send Authorization: Bearer <project read key>"));
    }
}
