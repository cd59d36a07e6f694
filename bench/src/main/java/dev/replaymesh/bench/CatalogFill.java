package dev.replaymesh.bench;

import dev.replaymesh.proto.v1.RedactionTally;
import dev.replaymesh.proto.v1.SessionSummary;
import java.util.Arrays;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes a session catalog as storage-service publishes it (replay.sessions.v1: compacted, key =
 * session id, value = serialized {@code replay.v1.SessionSummary}), one entry per session, for
 * catalog-memory.sh to measure what storage-service's catalog view holds of it.
 *
 * <p>Entries look like those of real recordings: a random UUID as session id, three projects, a user
 * id on four sessions out of five (anonymous UUIDs, numeric ids, e-mail addresses), sessions of a few
 * minutes spread over 30 days with their event, byte and chunk counts, one to eight page URLs of a
 * web app (some with query strings), clicks and console errors, the manifest key, and a redaction
 * tally of one rule set with two to four rules.
 */
@Command(name = "fill-catalog", mixinStandardHelpOptions = true,
        description = "Write N realistic SessionSummary records to a catalog topic.")
final class CatalogFill implements Callable<Integer> {

    private static final String[] PROJECTS = {"demo", "demo", "demo", "shop", "shop", "billing-app"};
    private static final String[] SECTIONS = {"dashboard", "invoices", "customers", "products", "reports", "settings",
            "checkout", "cart", "search", "account/profile", "help/articles"};
    private static final String[] RULES = {"email", "mask-inputs", "block-private", "card", "phone", "mask-text",
            "ignore-input", "jwt"};
    private static final String[] DOMAINS = {"example.com", "mail.example.org", "contoso.example"};

    @Option(names = "--bootstrap", defaultValue = "127.0.0.1:9092", description = "(${DEFAULT-VALUE})")
    String bootstrap;

    @Option(names = "--topic", required = true)
    String topic;

    @Option(names = "--sessions", defaultValue = "1000000", description = "(${DEFAULT-VALUE})")
    int sessions;

    @Option(names = "--seed", defaultValue = "7")
    long seed;

    @Option(names = "--rule-set", defaultValue = "default-1@3f2a9c0d1e7b5a64")
    String ruleSet;

    @Override
    public Integer call() throws Exception {
        Random random = new Random(seed);
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("acks", "all");
        p.put("linger.ms", "20");
        p.put("batch.size", "262144");
        p.put("buffer.memory", "134217728");
        AtomicReference<Exception> failure = new AtomicReference<>();
        int[] sizes = new int[sessions];
        long keyBytes = 0;
        long valueBytes = 0;
        long t0 = System.nanoTime();
        long now = 1_795_000_000_000L;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < sessions && failure.get() == null; i++) {
                SessionSummary s = summary(random, now);
                byte[] value = s.toByteArray();
                sizes[i] = value.length;
                keyBytes += s.getSessionId().length();
                valueBytes += value.length;
                producer.send(new ProducerRecord<>(topic, s.getSessionId(), value), (m, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        Arrays.sort(sizes);
        System.out.printf("CATALOG topic=%s sessions=%d key_bytes_mean=%.1f value_bytes_mean=%.1f value_p50=%d"
                        + " value_p90=%d value_max=%d value_bytes=%d seconds=%.1f%n", topic, sessions,
                (double) keyBytes / sessions, (double) valueBytes / sessions, sizes[sessions / 2],
                sizes[(int) (sessions * 0.9)], sizes[sessions - 1], valueBytes, (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    private SessionSummary summary(Random random, long now) {
        String project = PROJECTS[random.nextInt(PROJECTS.length)];
        String id = new UUID(random.nextLong(), random.nextLong()).toString();
        long start = now - (long) (random.nextDouble() * 30 * 86_400_000L);
        // Durations of a few minutes, a long tail up to two hours.
        long duration = Math.min(7_200_000L, (long) (-Math.log(1 - random.nextDouble()) * 240_000));
        long events = 50 + duration / 300 + random.nextInt(200);
        long raw = events * (600 + random.nextInt(800));
        long stored = raw / (8 + random.nextInt(6));
        int pages = 1 + random.nextInt(8);
        SessionSummary.Builder b = SessionSummary.newBuilder()
                .setProject(project)
                .setSessionId(id)
                .setStartMs(start)
                .setEndMs(start + duration)
                .setDurationMs(duration)
                .setActiveMs(duration * (30 + random.nextInt(60)) / 100)
                .setEventCount(events)
                .setRawBytes(raw)
                .setStoredBytes(stored)
                .setChunkCount((int) Math.max(1, duration / 30_000 / 4 + random.nextInt(2)))
                .setClickCount(random.nextInt((int) Math.min(events, 400) + 1) / 4)
                .setErrorCount(random.nextInt(10) < 7 ? 0 : random.nextInt(12))
                .setEnded(random.nextInt(10) < 6)
                .setUpdatedMs(start + duration + 30_000)
                .setLastReceivedMs(start + duration + 150)
                .setManifestKey("sessions/" + project + "/" + id + "/manifest.json")
                .setDuplicatesDropped(random.nextInt(20) == 0 ? 1 + random.nextInt(5) : 0);
        int who = random.nextInt(10);
        if (who < 4) {
            b.setDistinctId(new UUID(random.nextLong(), random.nextLong()).toString());
        } else if (who < 7) {
            b.setDistinctId(Integer.toString(100_000 + random.nextInt(900_000)));
        } else if (who < 8) {
            b.setDistinctId("customer" + random.nextInt(100_000) + "@" + DOMAINS[random.nextInt(DOMAINS.length)]);
        }
        for (int i = 0; i < pages; i++) {
            String section = SECTIONS[random.nextInt(SECTIONS.length)];
            String url = "https://app." + (project.equals("demo") ? "acme-billing" : project) + ".example/" + section;
            int q = random.nextInt(4);
            if (q == 1) {
                url += "?page=" + (1 + random.nextInt(20));
            } else if (q == 2) {
                url += "/" + (10_000 + random.nextInt(90_000)) + "?tab=details";
            } else if (q == 3) {
                url += "?q=" + RrwebEvents.WORDS[random.nextInt(RrwebEvents.WORDS.length)] + "&sort=desc&utm_source=newsletter";
            }
            b.addUrls(url);
        }
        RedactionTally.Builder t = RedactionTally.newBuilder()
                .addRuleSets(ruleSet)
                .setEventsSeen(events)
                .setEventsChanged(events * random.nextInt(20) / 100)
                .setEventsDropped(random.nextInt(10) == 0 ? random.nextInt(5) : 0)
                .setFailClosedEvents(random.nextInt(50) == 0 ? 1 : 0);
        int rules = 2 + random.nextInt(3);
        int first = random.nextInt(RULES.length);
        for (int i = 0; i < rules; i++) {
            t.putEventsByRule(RULES[(first + i) % RULES.length], 1 + random.nextInt((int) Math.max(1, events / 10)));
        }
        return b.setRedaction(t).build();
    }
}
