package dev.replaymesh.storage.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FingerprintWindowTest {

    @Test
    void remembersTheLastCapacityDistinctFingerprints() {
        FingerprintWindow w = new FingerprintWindow(3);
        assertThat(w.add(1)).isTrue();
        assertThat(w.add(2)).isTrue();
        assertThat(w.add(1)).isFalse();
        assertThat(w.add(3)).isTrue();
        assertThat(w.add(4)).isTrue(); // 1 leaves
        assertThat(w.add(2)).isFalse();
        assertThat(w.add(1)).isTrue(); // 2 leaves
        assertThat(w.add(2)).isTrue();
        assertThat(w.size()).isEqualTo(3);
    }

    @Test
    void zeroIsAFingerprintLikeAnyOther() {
        FingerprintWindow w = new FingerprintWindow(2);
        assertThat(w.add(0)).isTrue();
        assertThat(w.add(0)).isFalse();
        assertThat(w.add(5)).isTrue();
        assertThat(w.add(6)).isTrue();
        assertThat(w.add(0)).isTrue();
    }

    /** Against a plain set and queue, with some values crowded into few home slots. */
    @Test
    void agreesWithASetAndQueueUnderCollisions() {
        for (int capacity : new int[] {1, 2, 7, 64, 65, 500, 5000}) {
            for (int seed = 0; seed < 5; seed++) {
                Random random = new Random(seed * 31L + capacity);
                FingerprintWindow w = new FingerprintWindow(capacity);
                Set<Long> set = new HashSet<>();
                ArrayDeque<Long> order = new ArrayDeque<>();
                int range = Math.max(4, capacity * 2);
                for (int n = 0; n < 20_000; n++) {
                    // A range twice the capacity, so values leave and come back; one value in 16
                    // is made to hash to one of three home slots, so probes run long and cross.
                    int x = random.nextInt(range);
                    long f = x % 16 == 0 ? (long) x << 32 | ((x ^ (x % 3)) & 0xffffffffL) : x * 0x9e3779b97f4a7c15L;
                    boolean expected = !set.contains(f);
                    if (expected) {
                        set.add(f);
                        order.addLast(f);
                        if (order.size() > capacity) {
                            set.remove(order.removeFirst());
                        }
                    }
                    assertThat(w.add(f)).as("capacity %d seed %d step %d value %x", capacity, seed, n, f)
                            .isEqualTo(expected);
                    assertThat(w.size()).isEqualTo(order.size());
                }
            }
        }
    }
}
