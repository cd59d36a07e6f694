package dev.replaymesh.playback.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PostHogExporterTest {

    @Test
    void sortedInputNeedsNoBuffer() {
        assertThat(PostHogExporter.lookBack(new long[] {1, 2, 2, 3, 9})).isZero();
        assertThat(PostHogExporter.lookBack(new long[0])).isZero();
    }

    @Test
    void theBufferItComputesSortsEveryShuffle() {
        Random random = new Random(7);
        for (int round = 0; round < 500; round++) {
            long[] ts = new long[1 + random.nextInt(300)];
            for (int i = 0; i < ts.length; i++) {
                // Mostly increasing, with steps back of up to a few dozen places.
                ts[i] = i * 10L - (random.nextInt(8) == 0 ? random.nextInt(400) : 0);
            }
            int k = PostHogExporter.lookBack(ts);
            List<Long> out = new ArrayList<>();
            PriorityQueue<Long> buffer = new PriorityQueue<>();
            for (long t : ts) {
                buffer.add(t);
                if (buffer.size() > k) {
                    out.add(buffer.poll());
                }
            }
            while (!buffer.isEmpty()) {
                out.add(buffer.poll());
            }
            long[] sorted = ts.clone();
            Arrays.sort(sorted);
            assertThat(out).as("round " + round + " with buffer " + k).containsExactlyElementsOf(
                    Arrays.stream(sorted).boxed().toList());
            if (k > 0) {
                // One place fewer is not enough: the bound is tight.
                List<Long> shortOut = new ArrayList<>();
                PriorityQueue<Long> small = new PriorityQueue<>();
                for (long t : ts) {
                    small.add(t);
                    if (small.size() > k - 1) {
                        shortOut.add(small.poll());
                    }
                }
                while (!small.isEmpty()) {
                    shortOut.add(small.poll());
                }
                assertThat(shortOut).isNotEqualTo(Arrays.stream(sorted).boxed().toList());
            }
        }
    }
}
