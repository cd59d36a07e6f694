package dev.replaymesh.playback.auth;

import dev.replaymesh.contract.auth.BearerKeys;
import dev.replaymesh.playback.config.PlaybackConfig;
import dev.replaymesh.playback.share.ShareLinks;
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
    private final ShareLinks shares;

    public ReadKeys(PlaybackConfig config, ShareLinks shares) {
        this.shares = shares;
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
     * The project of one session a request may read: by a read key, or by a share link's token
     * for exactly that session.
     *
     * @throws PlaybackException UNAUTHENTICATED if neither lets it
     */
    public String projectOfSession(String authorization, String token, String sessionId) {
        if (token != null) {
            return shares.verify(token).filter(g -> g.sessionId().equals(sessionId))
                    .map(ShareLinks.Grant::project).orElseThrow(() -> new PlaybackException(Problem.UNAUTHENTICATED,
                            "the share link is not valid for this session, or has expired"));
        }
        return project(authorization);
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
