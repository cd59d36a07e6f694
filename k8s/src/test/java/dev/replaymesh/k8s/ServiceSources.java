package dev.replaymesh.k8s;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a service's own sources say about how it must be deployed: its HTTP port, the Kafka topics
 * it names, and the settings it has only on a developer's machine (loopback addresses, and what
 * exists only in its local profile), which a cluster must give it through the environment.
 */
record ServiceSources(String name, Path module) {

    static final List<String> SERVICES = List.of("capture-service", "redaction-service", "storage-service",
            "playback-service");
    /** Health endpoints of SmallRye Health, the same in every service. */
    static final String LIVE = "/q/health/live";
    static final String READY = "/q/health/ready";
    static final String STARTED = "/q/health/started";

    private static final Pattern TOPIC = Pattern.compile("replay\\.[a-z-]+\\.v\\d+");
    private static final Pattern LOCAL_ONLY = Pattern.compile("^%[a-z,]*local[a-z,]*\\.(.+)$");

    static ServiceSources of(String name) {
        return new ServiceSources(name, Rendered.REPO.resolve(name));
    }

    Properties properties() throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(module.resolve("src/main/resources/application.properties"))) {
            p.load(in);
        }
        return p;
    }

    int httpPort() throws IOException {
        return Integer.parseInt(properties().getProperty("quarkus.http.port"));
    }

    /**
     * The Kafka topics the service names in its configuration or code (and in the shared
     * session-store, for storage and playback, which read the bucket and catalog through it).
     */
    Set<String> topics() throws IOException {
        Set<String> topics = new LinkedHashSet<>();
        List<Path> roots = name.equals("storage-service") || name.equals("playback-service")
                ? List.of(module.resolve("src/main"), Rendered.REPO.resolve("session-store/src/main"))
                : List.of(module.resolve("src/main"));
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".properties")).toList()) {
                    Matcher m = TOPIC.matcher(Files.readString(f));
                    while (m.find()) {
                        topics.add(m.group());
                    }
                }
            }
        }
        return topics;
    }

    /**
     * Settings a cluster must set: those whose default points at this machine (127.0.0.1,
     * localhost) and those that exist only in the local profile (demo keys, secrets).
     */
    Set<String> machineSpecificKeys() throws IOException {
        Set<String> keys = new LinkedHashSet<>();
        Properties p = properties();
        for (String key : p.stringPropertyNames()) {
            String value = p.getProperty(key);
            Matcher local = LOCAL_ONLY.matcher(key);
            if (local.matches()) {
                keys.add(local.group(1));
            } else if (!key.startsWith("%") && (value.contains("127.0.0.1") || value.contains("localhost"))) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** The environment variable Quarkus reads for a key (upper case, every other character an underscore). */
    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
