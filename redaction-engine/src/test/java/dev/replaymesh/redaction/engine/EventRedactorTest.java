package dev.replaymesh.redaction.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replaymesh.redaction.mirror.Protection;
import dev.replaymesh.redaction.mirror.SessionMirror;
import dev.replaymesh.redaction.report.RuleCount;
import dev.replaymesh.redaction.report.SessionReport;
import dev.replaymesh.redaction.rules.RuleSet;
import dev.replaymesh.redaction.rules.RuleSetLoader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventRedactorTest {

    static final RuleSet RULES = RuleSetLoader.load("""
            version: test
            selectors:
              - {id: block-private, action: block, selector: ".ph-no-capture, [data-private]"}
              - {id: mask-text, action: mask, selector: ".rr-mask"}
              - {id: ignore-input, action: ignore-input, selector: ".rr-ignore"}
            inputs:
              mask-all: true
              allow: ["input[name=search]"]
            patterns:
              - builtin: email
              - builtin: card
            network:
              headers: [authorization, set-cookie]
              body-fields: [password]
            """.getBytes(StandardCharsets.UTF_8), "test");

    /** html(2) > body(3) > [p(4) > "Mail ann@example.com"(5), div.ph-no-capture(6) > "secret"(7),
     *  div.rr-mask(8) > "masked text"(9), input#pw type=password(10), input name=search(11),
     *  input.rr-ignore(12), ul#feed(13)] */
    static final String SNAPSHOT = """
            {"type":2,"timestamp":1,"data":{"node":{"type":0,"id":1,"childNodes":[
             {"type":2,"id":2,"tagName":"html","attributes":{},"childNodes":[
              {"type":2,"id":3,"tagName":"body","attributes":{},"childNodes":[
               {"type":2,"id":4,"tagName":"p","attributes":{"title":"Ordinary"},"childNodes":[{"type":3,"id":5,"textContent":"Mail ann@example.com"}]},
               {"type":2,"id":6,"tagName":"div","attributes":{"class":"ph-no-capture","rr_width":"100px"},"childNodes":[{"type":3,"id":7,"textContent":"secret"}]},
               {"type":2,"id":8,"tagName":"div","attributes":{"class":"rr-mask"},"childNodes":[{"type":3,"id":9,"textContent":"masked text"}]},
               {"type":2,"id":10,"tagName":"input","attributes":{"type":"password","value":"hunter2"},"childNodes":[]},
               {"type":2,"id":11,"tagName":"input","attributes":{"name":"search","value":"shoes"},"childNodes":[]},
               {"type":2,"id":12,"tagName":"input","attributes":{"class":"rr-ignore","value":"typed"},"childNodes":[]},
               {"type":2,"id":13,"tagName":"ul","attributes":{"id":"feed"},"childNodes":[]}
              ]}]}]},"initialOffset":{"top":0,"left":0}}}""".replace("\n", "");

    final EventRedactor redactor = new EventRedactor();
    SessionMirror mirror;
    SessionReport report;

    @BeforeEach
    void fresh() {
        mirror = new SessionMirror(10_000);
        report = new SessionReport();
    }

    String redact(String event) {
        byte[] out = redactor.redact(RULES, mirror, report, "demo", event.getBytes(StandardCharsets.UTF_8), 7);
        return out == null ? null : new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void fullSnapshotBlocksMasksAndScrubs() {
        String out = redact(SNAPSHOT);
        assertThat(out).doesNotContain("secret", "ann@example.com", "masked text", "hunter2", "typed")
                .contains("\"title\":\"Ordinary\"", "Mail ***************", "****** ****", "\"value\":\"shoes\"",
                        "{\"type\":2,\"id\":6,\"tagName\":\"div\",\"attributes\":{\"class\":\"ph-no-capture\",\"rr_width\":\"100px\"},\"childNodes\":[]}");
        assertThat(count("block-private").nodes()).isEqualTo(2);
        assertThat(count("block-private").paths()).containsExactly("html > body > div.ph-no-capture");
        assertThat(count("email").chars()).isEqualTo("ann@example.com".length());
        assertThat(count(InputValues.PASSWORD_RULE).chars()).isEqualTo(7);
        assertThat(count(InputValues.MASK_ALL_RULE).chars()).isEqualTo(5);
        assertThat(count("mask-text").positions()).containsExactly(7L);
    }

    @Test
    void nodeAddedLaterUnderABlockedParentIsDropped() {
        redact(SNAPSHOT);
        String out = redact("""
                {"type":3,"timestamp":2,"data":{"source":0,"texts":[],"attributes":[],"removes":[],"adds":[
                 {"parentId":6,"nextId":null,"node":{"type":2,"id":20,"tagName":"span","attributes":{},"childNodes":[{"type":3,"id":21,"textContent":"added secret"}]}},
                 {"parentId":13,"nextId":null,"node":{"type":2,"id":22,"tagName":"li","attributes":{},"childNodes":[{"type":3,"id":23,"textContent":"new item"}]}}]}}""");
        assertThat(out).doesNotContain("added secret").contains("new item");
        // A later text change inside the blocked subtree is dropped too.
        String text = redact("{\"type\":3,\"timestamp\":3,\"data\":{\"source\":0,\"texts\":[{\"id\":21,\"value\":\"still secret\"}],\"attributes\":[],\"removes\":[],\"adds\":[]}}");
        assertThat(text).doesNotContain("still secret");
    }

    @Test
    void textChangeOfAMaskedNodeIsMasked() {
        redact(SNAPSHOT);
        String out = redact("{\"type\":3,\"timestamp\":3,\"data\":{\"source\":0,\"texts\":[{\"id\":9,\"value\":\"new words\"}],\"attributes\":[],\"removes\":[],\"adds\":[]}}");
        assertThat(out).contains("\"value\":\"*** *****\"");
    }

    @Test
    void inputEventsFollowTheRules() {
        redact(SNAPSHOT);
        assertThat(redact("{\"type\":3,\"timestamp\":4,\"data\":{\"source\":5,\"id\":10,\"text\":\"hunter3\",\"isChecked\":false}}"))
                .contains("\"text\":\"*******\"");
        assertThat(redact("{\"type\":3,\"timestamp\":4,\"data\":{\"source\":5,\"id\":11,\"text\":\"boots\",\"isChecked\":false}}"))
                .contains("\"text\":\"boots\"");
        assertThat(redact("{\"type\":3,\"timestamp\":4,\"data\":{\"source\":5,\"id\":12,\"text\":\"x\",\"isChecked\":false}}"))
                .isNull();
        assertThat(count("ignore-input").events()).isEqualTo(1);
    }

    @Test
    void withoutAMirrorEverythingFailsClosedAndIsReported() {
        String out = redact("{\"type\":3,\"timestamp\":3,\"data\":{\"source\":0,\"texts\":[{\"id\":9,\"value\":\"who knows\"}],\"attributes\":[],\"removes\":[],\"adds\":["
                + "{\"parentId\":13,\"nextId\":null,\"node\":{\"type\":3,\"id\":30,\"textContent\":\"orphan text\"}}]}}");
        assertThat(out).doesNotContain("who knows", "orphan text").contains("*** *****", "****** ****");
        assertThat(count(Protection.FAIL_CLOSED).action()).isEqualTo("fail-closed");
        assertThat(count(Protection.FAIL_CLOSED).nodes()).isEqualTo(2);
        assertThat(redact("{\"type\":3,\"timestamp\":4,\"data\":{\"source\":5,\"id\":11,\"text\":\"boots\",\"isChecked\":false}}"))
                .contains("\"text\":\"*****\"");
    }

    @Test
    void untouchedEventsKeepTheirBytes() {
        redact(SNAPSHOT);
        String move = "{\"type\":3,\"timestamp\":5,\"data\":{\"source\":1,\"positions\":[{\"x\":1.50,\"y\":2,\"id\":4,\"timeOffset\":-10}]}}";
        byte[] in = move.getBytes(StandardCharsets.UTF_8);
        assertThat(redactor.redact(RULES, mirror, report, "demo", in, 8)).isSameAs(in);
    }

    @Test
    void consoleAndNetworkPayloadsAreScrubbed() {
        String console = "{\"type\":6,\"timestamp\":6,\"data\":{\"plugin\":\"rrweb/console@1\",\"payload\":{\"level\":\"log\",\"trace\":[],\"payload\":[\"\\\"user bob@example.org\\\"\"]}}}";
        assertThat(redact(console)).doesNotContain("bob@example.org");
        String network = "{\"type\":6,\"timestamp\":7,\"data\":{\"plugin\":\"rrweb/network@1\",\"payload\":{\"requests\":[{\"name\":\"https://x.test/api?token=abc123&page=2\","
                + "\"method\":\"POST\",\"requestHeaders\":{\"Authorization\":\"Bearer abc.def.ghi\",\"Accept\":\"*/*\"},"
                + "\"requestBody\":\"{\\\"email\\\":\\\"eve@example.net\\\",\\\"password\\\":\\\"pw1\\\",\\\"remember\\\":true}\",\"status\":200}]}}}";
        String out = redact(network);
        assertThat(out).doesNotContain("abc123", "abc.def.ghi", "eve@example.net", "pw1").contains("page=2", "\"Accept\":\"*/*\"", "remember");
        assertThat(count("header:authorization").action()).isEqualTo("header");
        assertThat(count("body-field:password").chars()).isEqualTo(3);
    }

    @Test
    void unparseablePayloadIsDroppedAndReported() {
        assertThat(redact("{not json")).isNull();
        assertThat(count(EventRedactor.UNPARSEABLE).bytes()).isEqualTo(9);
    }

    private RuleCount count(String rule) {
        Optional<RuleCount> found = report.counts().stream().filter(c -> c.rule().equals(rule)).findFirst();
        assertThat(found).as("report line for " + rule + " in " + report.counts()).isPresent();
        return found.get();
    }
}
