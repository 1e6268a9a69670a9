package org.distill4j.framework.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link Benchmark} measures.
 *
 * @param models          zoo architectures (default lenet300_100, lenet5)
 * @param threads         ND4J thread counts, measured side by side (default 1, 2)
 * @param batchSize       minibatch size (default 128)
 * @param batchesPerChunk minibatches per timed chunk; 0 picks per model (100 for MLPs, 20 for LeNet-5)
 * @param warmupChunks    untimed chunks per variant first (default 1)
 * @param chunks          timed chunks per variant; the median is reported (default 5)
 * @param teacherLoad     also time distill4j's step while another thread runs a teacher's forward pass
 * @param stockDl4j       also time a bare loop on DL4J as it ships (its own layers and shape buffers)
 * @param dataset         fashion-mnist or mnist, its training set
 * @param dataPath        folder with the IDX files; null for the usual lookup
 * @param maxTrain        training examples loaded (0: all)
 */
public record BenchSettings(List<String> models, List<Integer> threads, int batchSize, int batchesPerChunk,
                            int warmupChunks, int chunks, boolean teacherLoad, boolean stockDl4j,
                            String dataset, Path dataPath, int maxTrain) {
    public BenchSettings {
        models = List.copyOf(models);
        threads = List.copyOf(threads);
        if (models.isEmpty() || threads.isEmpty()) {
            throw new IllegalArgumentException("give at least one model and one thread count");
        }
        if (batchSize < 1 || batchesPerChunk < 0 || warmupChunks < 0 || chunks < 1) {
            throw new IllegalArgumentException("batch size and chunks must be positive, batches per chunk and warm-up "
                    + "not negative");
        }
    }

    public int batchesPerChunk(String model) {
        if (batchesPerChunk > 0) {
            return batchesPerChunk;
        }
        return model.equals("lenet5") ? 20 : 100;
    }
}
