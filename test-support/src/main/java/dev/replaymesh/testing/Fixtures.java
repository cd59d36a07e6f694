package dev.replaymesh.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The recorded rrweb sessions in {@code /fixtures} (src/main/resources/fixtures/README.md says
 * what each one is): real recordings from headless Chromium, one rrweb event JSON per line.
 */
public final class Fixtures {

    /** Every recording, by name. */
    public static final List<String> RECORDINGS = List.of("shop-checkout", "ops-orders", "ops-customers",
            "ops-reports-settings");

    private Fixtures() {
    }

    /** The rrweb events of one recording, as their JSON text, in the order recorded. */
    public static List<String> events(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name + ".ndjson")) {
            if (in == null) {
                throw new IllegalArgumentException("no recording " + name + "; there are " + RECORDINGS);
            }
            return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
