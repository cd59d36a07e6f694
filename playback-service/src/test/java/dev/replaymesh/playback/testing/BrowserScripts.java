package dev.replaymesh.playback.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Node scripts of {@code browser/replay/} (headless Chromium through playwright-core) for
 * tests. {@code bin/mesh test} installs Chromium and the scripts' npm packages; without them the
 * test fails and says so.
 */
public final class BrowserScripts {

    static final Path DIR = Path.of("..", "browser").toAbsolutePath().normalize();
    static final String CHROMIUM = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");

    private BrowserScripts() {
    }

    /** Runs {@code node replay/<script> args...}; returns its standard output. */
    public static String run(String script, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        if (!Files.isDirectory(DIR.resolve("node_modules/playwright-core"))) {
            throw new IllegalStateException("no " + DIR.resolve("node_modules")
                    + ": run the tests with `bin/mesh test`, or `cd browser && npm ci` first");
        }
        if (!Files.isExecutable(Path.of(CHROMIUM))) {
            throw new IllegalStateException("no Chromium at " + CHROMIUM
                    + ": run the tests with `bin/mesh test`, or `apt-get install chromium` first");
        }
        List<String> command = new ArrayList<>(List.of("node", "replay/" + script));
        command.addAll(List.of(args));
        Path err = Files.createTempFile("browser-script", ".err");
        Process p = new ProcessBuilder(command).directory(DIR.toFile()).redirectError(err.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(script + " took over " + timeoutSeconds + " s");
        }
        String stderr = Files.readString(err);
        Files.deleteIfExists(err);
        String stdout = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IllegalStateException(script + " exited with " + p.exitValue() + "\nstdout: " + stdout
                    + "\nstderr: " + stderr);
        }
        return stdout;
    }
}
