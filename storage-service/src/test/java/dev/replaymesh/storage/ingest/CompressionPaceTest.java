package dev.replaymesh.storage.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompressionPaceTest {

    @Test
    void catchesUpPastTheLagAndReturnsBelowHalfOfIt() {
        CompressionPace pace = new CompressionPace(9, 3, 1000);
        assertThat(pace.level()).isEqualTo(9);
        pace.observe(1000);
        assertThat(pace.level()).isEqualTo(9);
        pace.observe(1001);
        assertThat(pace.level()).isEqualTo(3);
        assertThat(pace.catchingUp()).isTrue();
        // Between half and the whole lag: stays where it is, so it does not flap at the threshold.
        pace.observe(600);
        assertThat(pace.level()).isEqualTo(3);
        pace.observe(499);
        assertThat(pace.level()).isEqualTo(9);
        pace.observe(600);
        assertThat(pace.level()).isEqualTo(9);
    }

    @Test
    void aLagOfZeroTurnsItOff() {
        CompressionPace pace = new CompressionPace(9, 3, 0);
        pace.observe(Long.MAX_VALUE);
        assertThat(pace.level()).isEqualTo(9);
        assertThat(pace.catchingUp()).isFalse();
    }
}
