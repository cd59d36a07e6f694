package dev.replaymesh.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Option;

/** Where the broker is, and client settings given on the command line. */
final class KafkaOptions {

    @Option(names = "--bootstrap", defaultValue = "127.0.0.1:9092", description = "Kafka bootstrap servers (${DEFAULT-VALUE})")
    String bootstrap;

    @Option(names = "--consumer-property", description = "consumer setting NAME=VALUE (repeatable)")
    Map<String, String> consumer = new LinkedHashMap<>();

    @Option(names = "--producer-property", description = "producer setting NAME=VALUE (repeatable)")
    Map<String, String> producer = new LinkedHashMap<>();

    Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(p);
    }

    /** Defaults first, then what was given on the command line, then {@code fixed}. */
    Properties consumerProperties(Map<String, String> defaults, Map<String, String> fixed) {
        return merge(defaults, consumer, fixed);
    }

    Properties producerProperties(Map<String, String> defaults, Map<String, String> fixed) {
        return merge(defaults, producer, fixed);
    }

    private Properties merge(Map<String, String> defaults, Map<String, String> given, Map<String, String> fixed) {
        Properties p = new Properties();
        p.putAll(defaults);
        p.putAll(given);
        p.putAll(fixed);
        p.put("bootstrap.servers", bootstrap);
        return p;
    }
}
