/**
 * Quantization: quantization-aware training ({@link org.distill4j.policies.quantization.QuantAwareTrainRangeLinearQuantizer},
 * {@link org.distill4j.policies.quantization.DorefaQuantizer}, {@link org.distill4j.policies.quantization.TernaryQuantizer}),
 * post-training quantization ({@link org.distill4j.policies.quantization.PostTrainLinearQuantizer}), the fake-quantizing
 * weight noise and activation installed in DL4J layer configurations, and the {@code .dq} integer model writer.
 */
package org.distill4j.policies.quantization;
