package org.distill4j.framework.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a run asks of its data, mirroring the recipe's {@code dataset} section. Validated when built
 * so a bad recipe value fails before any file is read.
 *
 * @param name           {@code fashion-mnist} or {@code mnist}
 * @param path           explicit folder ({@code dataset.path}), or null to search the usual places
 * @param validationSize examples held out from the end of the seeded-shuffled training file;
 *                       default {@value #DEFAULT_VALIDATION_SIZE}; 0 means no validation set
 * @param seed           seeds the shuffle that decides which examples are held out
 * @param maxTrain       keep at most this many training examples after carving validation; 0 = all
 * @param maxTest        keep the first this many test examples; 0 = all
 */
public record DatasetRequest(String name, Path path, int validationSize, long seed, int maxTrain, int maxTest) {
    /** Default held-out validation examples (one twelfth of Fashion-MNIST's 60000). */
    public static final int DEFAULT_VALIDATION_SIZE = 5000;

    public DatasetRequest {
        Objects.requireNonNull(name, "name");
        if (validationSize < 0) {
            throw new DatasetException("dataset.validationSize must be >= 0, got " + validationSize);
        }
        if (maxTrain < 0) {
            throw new DatasetException("dataset.maxTrain must be >= 0 (0 = all), got " + maxTrain);
        }
        if (maxTest < 0) {
            throw new DatasetException("dataset.maxTest must be >= 0 (0 = all), got " + maxTest);
        }
    }

    /** All of {@code name}, found in the usual places, with the default validation size. */
    public static DatasetRequest of(String name, long seed) {
        return new DatasetRequest(name, null, DEFAULT_VALIDATION_SIZE, seed, 0, 0);
    }

    public DatasetRequest withPath(Path newPath) {
        return new DatasetRequest(name, newPath, validationSize, seed, maxTrain, maxTest);
    }

    public DatasetRequest withValidationSize(int newValidationSize) {
        return new DatasetRequest(name, path, newValidationSize, seed, maxTrain, maxTest);
    }

    public DatasetRequest withMaxTrain(int newMaxTrain) {
        return new DatasetRequest(name, path, validationSize, seed, newMaxTrain, maxTest);
    }

    public DatasetRequest withMaxTest(int newMaxTest) {
        return new DatasetRequest(name, path, validationSize, seed, maxTrain, newMaxTest);
    }
}
