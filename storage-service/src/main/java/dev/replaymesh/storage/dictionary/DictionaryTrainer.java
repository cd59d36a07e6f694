package dev.replaymesh.storage.dictionary;

import com.github.luben.zstd.ZstdDictTrainer;
import java.util.List;

/** zstd's dictionary training (ZDICT, through zstd-jni) on a project's sample frames. */
final class DictionaryTrainer {

    private DictionaryTrainer() {
    }

    /**
     * A dictionary of at most {@code size} bytes; one sample per frame, as chunks are runs of frames.
     *
     * @throws com.github.luben.zstd.ZstdException if zstd cannot train on them (too few or too small)
     */
    static byte[] train(List<byte[]> frames, long sampleBytes, int size) {
        ZstdDictTrainer trainer = new ZstdDictTrainer(Math.toIntExact(sampleBytes), size);
        for (byte[] frame : frames) {
            if (!trainer.addSample(frame)) {
                break;
            }
        }
        return trainer.trainSamples();
    }
}
