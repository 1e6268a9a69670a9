package org.distill4j.policies.quantization;

import org.distill4j.policies.config.PolicyArgs;

/**
 * Ternary weights (TWN, Li et al. 2016) trained with QAT: {@code Δ = 0.7·E|w|},
 * {@code ŵ = α·sign(w)·[|w| > Δ]}, {@code α = E[|w| : |w| > Δ]}, per tensor or per output channel
 * ({@code per_channel_wts}); activations as {@link QuantAwareTrainRangeLinearQuantizer}.
 * {@code bits_weights} is 2 (the default here); an override with other bits quantizes that layer
 * linearly instead (e.g. keep the first layer at 8 bits).
 */
public class TernaryQuantizer extends QuantAwareTrainRangeLinearQuantizer {

    public TernaryQuantizer(PolicyArgs args) {
        super(args, 2);
    }

    @Override
    protected WeightQuantizer weightQuantizer(int bits, QuantMode mode, boolean perChannel) {
        return bits == 2 ? new WeightQuantizer(WeightScheme.TERNARY, 2, QuantMode.SYMMETRIC, perChannel)
                : new WeightQuantizer(WeightScheme.LINEAR, bits, mode, perChannel);
    }
}
