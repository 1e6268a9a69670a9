package org.distill4j.policies.quantization;

import org.distill4j.policies.config.PolicyArgs;

/**
 * DoReFa-Net weights (Zhou et al. 2016) trained with QAT: k-bit weights
 * {@code 2·round_k(tanh(w)/(2·max|tanh w|) + ½) − 1} for {@code k > 1}, and {@code sign(w)·E|w|}
 * for {@code k = 1}; activations as {@link QuantAwareTrainRangeLinearQuantizer} (linear, EMA
 * ranges). The gradient is the plain straight-through estimator (DL4J's weight-noise hook applies
 * dL/dŵ to w), not the paper's gradient through tanh. {@code mode} applies to activations only.
 */
public class DorefaQuantizer extends QuantAwareTrainRangeLinearQuantizer {

    public DorefaQuantizer(PolicyArgs args) {
        super(args);
    }

    @Override
    protected WeightQuantizer weightQuantizer(int bits, QuantMode mode, boolean perChannel) {
        return new WeightQuantizer(WeightScheme.DOREFA, bits, QuantMode.SYMMETRIC, perChannel);
    }
}
