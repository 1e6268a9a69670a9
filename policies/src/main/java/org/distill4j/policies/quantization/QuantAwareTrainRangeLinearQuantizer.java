package org.distill4j.policies.quantization;

import org.distill4j.policies.config.PolicyArgs;
import org.nd4j.linalg.activations.IActivation;

/**
 * Quantization-aware training with range-based linear quantization, as Distiller's
 * {@code QuantAwareTrainRangeLinearQuantizer} (Jacob et al. 2018, "Quantization and Training of
 * Neural Networks for Efficient Integer-Arithmetic-Only Inference"): weights are fake-quantized on
 * every forward pass from their current min/max (float master weights, straight-through gradient),
 * activations from an exponential moving average of their batch min/max.
 *
 * <p>Arguments: those of {@link AbstractQuantizer}, plus {@code ema_decay} (0.999, Distiller's
 * default: about the last thousand batches, i.e. two epochs of Fashion-MNIST at batch 128).
 */
public class QuantAwareTrainRangeLinearQuantizer extends AbstractQuantizer {
    private final double emaDecay;

    public QuantAwareTrainRangeLinearQuantizer(PolicyArgs args) {
        this(args, 8);
    }

    protected QuantAwareTrainRangeLinearQuantizer(PolicyArgs args, int defaultBitsWeights) {
        super(args, defaultBitsWeights);
        this.emaDecay = args.getDouble("ema_decay", 0.999);
        if (!(emaDecay > 0 && emaDecay < 1)) {
            throw args.error("ema_decay", "must be in (0, 1), got " + emaDecay);
        }
    }

    @Override
    protected WeightQuantizer weightQuantizer(int bits, QuantMode mode, boolean perChannel) {
        return new WeightQuantizer(WeightScheme.LINEAR, bits, mode, perChannel);
    }

    @Override
    protected FakeQuantActivation newActivation(IActivation inner, LayerQuantSpec spec) {
        return new FakeQuantActivation(inner, spec.bitsActivations(), spec.modeActivations(), emaDecay);
    }
}
