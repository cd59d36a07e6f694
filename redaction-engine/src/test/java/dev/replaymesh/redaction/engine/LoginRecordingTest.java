package dev.replaymesh.redaction.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replaymesh.redaction.mirror.SessionMirror;
import dev.replaymesh.redaction.report.RuleCount;
import dev.replaymesh.redaction.report.SessionReport;
import dev.replaymesh.redaction.rules.RuleSet;
import dev.replaymesh.redaction.rules.RuleSetLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real rrweb recording of a login page made in headless Chromium (fixtures/README.md), with
 * secrets planted in text, attributes, inputs, mutations, console, network and URLs, redacted
 * with the default rules.
 */
class LoginRecordingTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static List<byte[]> original;
    static List<byte[]> redacted;
    /** Output per input event, null where the event was dropped. */
    static List<byte[]> outputs;
    static SessionReport report;
    static JsonNode planted;

    @BeforeAll
    static void redactTheRecording() throws IOException {
        RuleSet rules;
        try (InputStream in = resource("default-rules.yaml")) {
            rules = RuleSetLoader.load(in.readAllBytes(), "default-rules.yaml");
        }
        try (InputStream in = resource("fixtures/login-recording.planted.json")) {
            planted = JSON.readTree(in);
        }
        original = new ArrayList<>();
        try (InputStream in = resource("fixtures/login-recording.ndjson")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    original.add(line.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        EventRedactor redactor = new EventRedactor();
        SessionMirror mirror = new SessionMirror(100_000);
        report = new SessionReport();
        redacted = new ArrayList<>();
        outputs = new ArrayList<>();
        for (int i = 0; i < original.size(); i++) {
            byte[] out = redactor.redact(rules, mirror, report, "demo", original.get(i), i);
            outputs.add(out);
            if (out != null) {
                redacted.add(out);
            }
        }
    }

    @Test
    void noPlantedSecretReachesTheRedactedStream() {
        String stream = String.join("\n", redacted.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList());
        for (String field : List.of("emails", "cards", "phones", "passwords", "jwts", "blockedTexts", "maskedTexts",
                "ignoredInputValues")) {
            for (JsonNode secret : planted.get(field)) {
                assertThat(stream).as(field).doesNotContain(secret.asText());
                assertThat(stream).as(field + " as JSON inside strings").doesNotContain(escaped(secret.asText()));
            }
        }
        planted.get("urlSecrets").fields().forEachRemaining(e -> assertThat(stream).as("url " + e.getKey())
                .doesNotContain(e.getKey() + "=" + e.getValue().asText()));
    }

    @Test
    void ordinaryTextSurvivesByteIdentical() {
        String before = String.join("\n", original.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList());
        String after = String.join("\n", redacted.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList());
        for (JsonNode text : planted.get("ordinaryTexts")) {
            assertThat(occurrences(after, text.asText())).as(text.asText())
                    .isEqualTo(occurrences(before, text.asText())).isPositive();
        }
        for (JsonNode digits : planted.get("nonLuhnDigits")) {
            assertThat(after).contains(digits.asText());
        }
    }

    @Test
    void eventsTheRulesDoNotTouchAreByteIdentical() throws IOException {
        long untouched = 0;
        long contentFree = 0;
        for (int i = 0; i < original.size(); i++) {
            if (outputs.get(i) == original.get(i)) {
                untouched++;
            }
            JsonNode e = JSON.readTree(original.get(i));
            int type = e.path("type").asInt();
            int source = e.path("data").path("source").asInt(-1);
            // Load events, mouse moves and clicks, scrolls, resizes, touches carry no page content.
            if (type <= 1 || (type == 3 && Set.of(1, 2, 3, 4, 6).contains(source))) {
                contentFree++;
                assertThat(outputs.get(i)).as("event " + i).isSameAs(original.get(i));
            }
        }
        assertThat(untouched).isEqualTo(report.eventsSeen() - report.eventsChanged() - report.eventsDropped());
        assertThat(contentFree).isPositive();
    }

    @Test
    void theReportCountsWhatWasPlanted() throws IOException {
        Set<Integer> ignoredInputs = idsOf("rr-ignore");
        long ignoredInputEvents = inputEventsOn(ignoredInputs);
        assertThat(count("ignore-input").events()).isEqualTo(ignoredInputEvents).isPositive();
        assertThat(report.eventsDropped()).isEqualTo(ignoredInputEvents);

        Set<Integer> passwords = new HashSet<>();
        for (byte[] line : original) {
            collect(JSON.readTree(line), n -> "password".equals(n.path("attributes").path("type").asText()), passwords);
        }
        assertThat(count(InputValues.PASSWORD_RULE).events()).isGreaterThanOrEqualTo(inputEventsOn(passwords));
        Stream.of("block-private", "mask-text", "email", "card", "jwt", "url-param:token", "header:authorization",
                "body-field:password").forEach(rule -> assertThat(count(rule).events()).as(rule).isPositive());
        for (RuleCount c : report.counts()) {
            for (JsonNode email : planted.get("emails")) {
                assertThat(c.paths()).as("paths never hold removed text").noneMatch(p -> p.contains(email.asText()));
            }
        }
    }

    private static long inputEventsOn(Set<Integer> ids) throws IOException {
        long n = 0;
        for (byte[] line : original) {
            JsonNode e = JSON.readTree(line);
            if (e.path("type").asInt() == 3 && e.path("data").path("source").asInt() == 5
                    && ids.contains(e.path("data").path("id").asInt())) {
                n++;
            }
        }
        return n;
    }

    private static Set<Integer> idsOf(String cssClass) throws IOException {
        Set<Integer> ids = new HashSet<>();
        for (byte[] line : original) {
            collect(JSON.readTree(line), n -> (" " + n.path("attributes").path("class").asText() + " ").contains(" " + cssClass + " "), ids);
        }
        return ids;
    }

    private static void collect(JsonNode node, java.util.function.Predicate<JsonNode> match, Set<Integer> ids) {
        if (node.isObject() && node.has("tagName") && node.has("id") && match.test(node)) {
            ids.add(node.get("id").asInt());
        }
        node.forEach(child -> collect(child, match, ids));
    }

    private static RuleCount count(String rule) {
        return report.counts().stream().filter(c -> c.rule().equals(rule)).findFirst()
                .orElseThrow(() -> new AssertionError("no report line for " + rule + " in " + report.counts()));
    }

    private static int occurrences(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static String escaped(String s) {
        return s.replace("\"", "\\\"");
    }

    private static InputStream resource(String name) {
        return LoginRecordingTest.class.getClassLoader().getResourceAsStream(name);
    }
}
