package org.distill4j.policies.quantization;

/**
 * How one layer is quantized.
 *
 * @param weights         the weight quantizer
 * @param bitsActivations bits of the layer's output activations (0: float)
 * @param modeActivations their mode
 * @param bitsBias        bits of the bias (32: kept as int32 with scale {@code s_w · s_in} in the integer model)
 */
public record LayerQuantSpec(WeightQuantizer weights, int bitsActivations, QuantMode modeActivations, int bitsBias) {
}
