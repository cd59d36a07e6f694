package dev.replaymesh.redaction.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replaymesh.redaction.pattern.PatternRule.Kind;
import dev.replaymesh.redaction.pattern.PatternRule.Replacement;
import org.junit.jupiter.api.Test;

class PatternRuleTest {

    @Test
    void builtinsHaveLowerCaseIdsAndMaskByDefault() {
        assertThat(PatternRule.builtin(Kind.EMAIL).id()).isEqualTo("email");
        assertThat(PatternRule.builtin(Kind.CARD).id()).isEqualTo("card");
        assertThat(PatternRule.builtin(Kind.PHONE).id()).isEqualTo("phone");
        assertThat(PatternRule.builtin(Kind.IBAN).id()).isEqualTo("iban");
        assertThat(PatternRule.builtin(Kind.JWT).id()).isEqualTo("jwt");
        assertThat(PatternRule.builtin(Kind.BEARER).id()).isEqualTo("bearer");
        assertThat(PatternRule.builtin(Kind.CARD).replacement()).isEqualTo(Replacement.MASK);
        assertThat(PatternRule.builtin(Kind.CARD).regex()).isNull();
        assertThat(PatternRule.builtin(Kind.JWT, Replacement.TOKEN).replacement()).isEqualTo(Replacement.TOKEN);
    }

    @Test
    void customIsNotABuiltin() {
        assertThatThrownBy(() -> PatternRule.builtin(Kind.CUSTOM)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void customCompilesTheRegex() {
        PatternRule rule = PatternRule.custom("ssn", "\\b\\d{3}-\\d{2}-\\d{4}\\b", Replacement.TOKEN);

        assertThat(rule.kind()).isEqualTo(Kind.CUSTOM);
        assertThat(rule.regex().pattern()).isEqualTo("\\b\\d{3}-\\d{2}-\\d{4}\\b");
    }

    @Test
    void invalidRegexNamesTheRuleAndTheError() {
        assertThatThrownBy(() -> PatternRule.custom("order-no", "ORD-(\\d+", Replacement.MASK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("order-no")
                .hasMessageContaining("Unclosed group");
    }

    @Test
    void idsArePlain() {
        assertThatThrownBy(() -> PatternRule.custom("", "x", Replacement.MASK))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PatternRule.custom("a b", "x", Replacement.MASK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a b");
        assertThatThrownBy(() -> PatternRule.custom("x]", "x", Replacement.MASK))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void regexOnlyForCustom() {
        assertThatThrownBy(() -> new PatternRule("x", Kind.CUSTOM, null, Replacement.MASK))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PatternRule("x", Kind.EMAIL, java.util.regex.Pattern.compile("x"),
                Replacement.MASK)).isInstanceOf(IllegalArgumentException.class);
    }
}
