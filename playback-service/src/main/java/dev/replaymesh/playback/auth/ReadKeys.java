package dev.replaymesh.playback.auth;

import dev.replaymesh.contract.auth.BearerKeys;
import dev.replaymesh.playback.config.PlaybackConfig;
import dev.replaymesh.playback.stream.PlaybackException;
import dev.replaymesh.playback.stream.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/** Resolves the key a request carries to the project whose sessions it may read (read key) or import into (import key). */
@ApplicationScoped
public class ReadKeys {

    private final BearerKeys keys;
    private final BearerKeys importKeys;

    public ReadKeys(PlaybackConfig config) {
        Map<String, String> readKeys = new LinkedHashMap<>();
        Map<String, String> imports = new LinkedHashMap<>();
        config.projects().forEach((project, settings) -> {
            readKeys.put(project, settings.readKey());
            settings.importKey().ifPresent(key -> imports.put(project, key));
        });
        this.keys = new BearerKeys(readKeys);
        this.importKeys = new BearerKeys(imports);
    }

    /**
     * The project of the import key in this {@code Authorization} value.
     *
     * @throws PlaybackException UNAUTHENTICATED if there is none or it is unknown
     */
    public String importProject(String authorization) {
        return importKeys.projectForAuthorization(authorization).orElseThrow(() -> new PlaybackException(
                Problem.UNAUTHENTICATED, "missing or unknown import key; send Authorization: Bearer <project import key>"));
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
