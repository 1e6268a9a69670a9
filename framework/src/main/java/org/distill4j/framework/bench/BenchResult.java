package org.distill4j.framework.bench;

import java.util.Arrays;

/**
 * One variant's throughput: samples per second of each timed chunk, and their median.
 *
 * @param variant  {@code bare-fit}, {@code distill4j}, {@code distill4j+agp}, {@code distill4j+qat8}, {@code inference},
 *                 {@code distill4j+teacher}, {@code bare-fit-stock-dl4j}
 */
public record BenchResult(String model, String variant, int threads, double[] chunkRates) {

    public double median() {
        double[] sorted = chunkRates.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    public double min() {
        return Arrays.stream(chunkRates).min().orElse(Double.NaN);
    }

    public double max() {
        return Arrays.stream(chunkRates).max().orElse(Double.NaN);
    }
}
