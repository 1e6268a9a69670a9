package org.distill4j.schedulers.recipe;

import org.distill4j.policies.config.RecipeLocation;

/**
 * The recipe's {@code training:} section.
 *
 * @param epochs        number of epochs, ≥ 1 (required); policies' {@code ending_epoch} defaults to it
 * @param batchSize     training minibatch size, ≥ 1; default {@value #DEFAULT_BATCH_SIZE}
 * @param seed          seed for weight initialisation, shuffling and the validation split; default {@value #DEFAULT_SEED}
 * @param evalBatchSize minibatch size for validation and test, ≥ 1; default {@value #DEFAULT_EVAL_BATCH_SIZE}
 * @param optimizer     the optimizer (required)
 * @param location      where the {@code training:} mapping is
 */
public record TrainingSpec(int epochs, int batchSize, long seed, int evalBatchSize, OptimizerSpec optimizer,
                           RecipeLocation location) {

    public static final int DEFAULT_BATCH_SIZE = 128;
    public static final long DEFAULT_SEED = 42;
    public static final int DEFAULT_EVAL_BATCH_SIZE = 1000;
}
