package dev.replaymesh.redaction.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RuleSetLoaderTest {

    static RuleSet load(String yaml) {
        return RuleSetLoader.load(yaml.getBytes(StandardCharsets.UTF_8), "rules.yaml");
    }

    @Test
    void theDefaultRulesLoadAndNameThemselves() throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("default-rules.yaml")) {
            RuleSet rules = RuleSetLoader.load(in.readAllBytes(), "default-rules.yaml");
            assertThat(rules.id()).matches("default-1@[0-9a-f]{16}");
            assertThat(rules.selectors()).extracting(SelectorRule::id).contains("block-private", "mask-text", "ignore-input");
        }
    }

    @Test
    void theHashChangesWithTheFile() {
        assertThat(load("version: a\n").id()).isNotEqualTo(load("version: a\n# changed\n").id());
    }

    @Test
    void badRulesAreRefusedNamingTheRule() {
        assertThatThrownBy(() -> load("selectors:\n  - {id: x, action: block, selector: \"div[\"}\n"))
                .isInstanceOf(InvalidRulesException.class).hasMessageContaining("selectors[0] (id 'x')").hasMessageContaining("invalid selector");
        assertThatThrownBy(() -> load("selectors:\n  - {id: x, action: hide, selector: div}\n"))
                .hasMessageContaining("unknown action 'hide'");
        assertThatThrownBy(() -> load("selectors:\n  - {action: block, selector: div}\n"))
                .hasMessageContaining("needs an id");
        assertThatThrownBy(() -> load("patterns:\n  - {id: emp, regex: \"EMP-(\"}\n"))
                .hasMessageContaining("patterns[0] (id 'emp')");
        assertThatThrownBy(() -> load("patterns:\n  - {builtin: ssn}\n"))
                .hasMessageContaining("unknown builtin 'ssn'");
        assertThatThrownBy(() -> load("selectorz: []\n"))
                .hasMessageContaining("selectorz");
        assertThatThrownBy(() -> load("drop:\n  event-types: [9]\n"))
                .hasMessageContaining("9 is not an rrweb event type");
    }

    @Test
    void projectDropsAddToTheGlobalOnes() {
        RuleSet rules = load("drop:\n  plugins: [rrweb/network@1]\nprojects:\n  quiet:\n    drop:\n      event-types: [6]\n");
        assertThat(rules.drops("demo", 6, "rrweb/network@1")).isTrue();
        assertThat(rules.drops("demo", 6, "rrweb/console@1")).isFalse();
        assertThat(rules.drops("quiet", 6, "rrweb/console@1")).isTrue();
    }
}
