package org.distill4j.schedulers.recipe;

import org.distill4j.policies.config.RecipeLocation;

/**
 * The recipe's {@code training.optimizer:} section.
 *
 * @param type        {@code sgd}, {@code nesterov} or {@code adam} (required)
 * @param lr          the initial learning rate, &gt; 0 (required)
 * @param momentum    sgd: default 0; nesterov: default {@value #DEFAULT_NESTEROV_MOMENTUM}; in [0, 1);
 *                    not allowed for adam (0 there)
 * @param weightDecay L2 weight decay, ≥ 0; default 0
 * @param beta1       adam only, in [0, 1); default {@value #DEFAULT_BETA1}
 * @param beta2       adam only, in [0, 1); default {@value #DEFAULT_BETA2}
 * @param epsilon     adam only, &gt; 0; default {@value #DEFAULT_EPSILON}
 * @param location    where the {@code optimizer:} mapping is
 */
public record OptimizerSpec(Type type, double lr, double momentum, double weightDecay, double beta1, double beta2,
                            double epsilon, RecipeLocation location) {

    public static final double DEFAULT_NESTEROV_MOMENTUM = 0.9;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPSILON = 1e-8;

    /** The optimizers a recipe can name. */
    public enum Type {
        SGD, NESTEROV, ADAM;

        /** The name in a recipe: {@code sgd}, {@code nesterov}, {@code adam}. */
        public String recipeName() {
            return name().toLowerCase();
        }
    }
}
