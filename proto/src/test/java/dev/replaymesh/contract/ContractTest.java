package dev.replaymesh.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ContractTest {

    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    @ParameterizedTest
    @ValueSource(strings = {"a", "Z", "0", "_", "-", "sess_01-AbZ9", "01890f3e-7d1a-7c4e-9b1e-1f2d3c4b5a69"})
    void acceptsValidSessionIds(String id) {
        assertThat(SessionIds.isValid(id)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a b", "a/b", "a.b", "é", "a\n", "ａ", "s:1"})
    void refusesInvalidSessionIds(String id) {
        assertThat(SessionIds.isValid(id)).isFalse();
    }

    @Test
    void sessionIdsAreAtMost128Characters() {
        assertThat(SessionIds.isValid("a".repeat(128))).isTrue();
        assertThat(SessionIds.isValid("a".repeat(129))).isFalse();
        assertThat(SessionIds.isValid(null)).isFalse();
    }

    @Property
    void sessionIdCheckAgreesWithTheRegex(@ForAll @StringLength(max = 130)
            @CharRange(from = ' ', to = '~') @CharRange(from = '\u00a0', to = '\u00ff') String id) {
        assertThat(SessionIds.isValid(id)).isEqualTo(SESSION_ID.matcher(id).matches());
    }

    @ParameterizedTest
    @CsvSource({"0,DomContentLoaded", "1,Load", "2,FullSnapshot", "3,IncrementalSnapshot", "4,Meta", "5,Custom",
        "6,Plugin", "7,Unknown(7)", "-1,Unknown(-1)"})
    void eventTypesHaveTheirRrwebNames(int type, String name) {
        assertThat(EventTypes.name(type)).isEqualTo(name);
        assertThat(EventTypes.isKnown(type)).isEqualTo(!name.startsWith("Unknown"));
    }

    @Test
    void eventTypeConstantsAreRrwebs() {
        assertThat(new int[] {EventTypes.DOM_CONTENT_LOADED, EventTypes.LOAD, EventTypes.FULL_SNAPSHOT,
            EventTypes.INCREMENTAL_SNAPSHOT, EventTypes.META, EventTypes.CUSTOM, EventTypes.PLUGIN})
                .containsExactly(0, 1, 2, 3, 4, 5, 6);
    }

    @Test
    void topicsAreVersionedAndDistinct() {
        assertThat(Topics.ALL).containsExactly("replay.capture.v1", "replay.redacted.v1",
                "replay.redaction-reports.v1", "replay.sessions.v1", "replay.deletions.v1");
    }
}
