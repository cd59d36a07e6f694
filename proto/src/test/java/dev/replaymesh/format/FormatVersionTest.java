package dev.replaymesh.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FormatVersionTest {

    @Test
    void currentIsOnePointOneAndMatchesTheCodecs() {
        assertThat(FormatVersion.CURRENT).hasToString("1.3");
        assertThat(FormatVersion.CURRENT.major())
                .isEqualTo(FrameCodec.MAJOR_VERSION)
                .isEqualTo(NdjsonCodec.MAJOR_VERSION);
    }

    @Test
    void parsesAndComparesMajors() {
        assertThat(FormatVersion.parse("1.7")).isEqualTo(new FormatVersion(1, 7));
        assertThat(FormatVersion.CURRENT.canRead(FormatVersion.parse("1.7"))).isTrue();
        assertThat(FormatVersion.CURRENT.canRead(FormatVersion.parse("2.0"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "1.", ".1", "1.x", "0.1", "1.-1", "a.b"})
    void refusesMalformedVersions(String text) {
        assertThatThrownBy(() -> FormatVersion.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
