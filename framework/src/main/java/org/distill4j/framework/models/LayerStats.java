package org.distill4j.framework.models;

/**
 * One layer of a model summary.
 *
 * @param shape    the weight tensor's shape, e.g. {@code 784x300}; empty for layers without weights
 * @param params   all parameters of the layer (weights, biases, norm statistics)
 * @param weights  elements of the weight tensor
 * @param nonzeroWeights weights that are not exactly zero
 * @param macs     multiply-accumulates per example of the dense computation
 */
public record LayerStats(String name, String type, String shape, long params, long weights, long nonzeroWeights,
                         long nonzeroParams, long macs) {

    public double sparsity() {
        return weights == 0 ? 0 : 1.0 - (double) nonzeroWeights / weights;
    }
}
