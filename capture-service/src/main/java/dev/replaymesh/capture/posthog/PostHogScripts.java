package dev.replaymesh.capture.posthog;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

/**
 * posthog-js's browser scripts (its lazily loaded recorder, surveys, ...) from the npm package
 * the build put on the class path ({@code src/main/posthog-js/build.sh}), so that a recording page
 * needs no CDN. Read once each and kept: the whole set is a few MB.
 */
@ApplicationScoped
public class PostHogScripts {

    private static final String DIR = "posthog-js/";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,80}");

    private final ConcurrentMap<String, Optional<byte[]>> scripts = new ConcurrentHashMap<>();
    private final String version;

    public PostHogScripts() {
        this.version = read("VERSION").map(b -> new String(b, StandardCharsets.UTF_8).trim())
                .orElseThrow(() -> new IllegalStateException("posthog-js/VERSION is missing from the class path;"
                        + " the build runs src/main/posthog-js/build.sh"));
    }

    /** The posthog-js version these scripts are from. */
    public String version() {
        return version;
    }

    /** The script {@code <name>.js} (name without {@code .js}), if posthog-js ships one. */
    public Optional<byte[]> script(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
            return Optional.empty();
        }
        return scripts.computeIfAbsent(name, n -> read(n + ".js"));
    }

    private static Optional<byte[]> read(String file) {
        try (InputStream in = PostHogScripts.class.getClassLoader().getResourceAsStream(DIR + file)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
