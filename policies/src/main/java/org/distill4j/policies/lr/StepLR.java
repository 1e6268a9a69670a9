package org.distill4j.policies.lr;

import org.distill4j.policies.config.PolicyArgs;

/**
 * PyTorch's {@code StepLR}: {@code base · gamma^floor(epoch / step_size)} — the rate drops by a
 * factor {@code gamma} every {@code step_size} epochs.
 *
 * <p>Recipe arguments: {@code step_size} (required, integer ≥ 1), {@code gamma} (default 0.1,
 * PyTorch's default: one decade per step, the classic ImageNet schedule; must be &gt; 0).
 */
public class StepLR extends AbstractLRScheduler {
    private final int stepSize;
    private final double gamma;

    public StepLR(PolicyArgs args) {
        this.stepSize = args.getInt("step_size");
        this.gamma = args.getDouble("gamma", 0.1);
        if (stepSize < 1) {
            throw args.error("step_size", "must be at least 1, got " + stepSize);
        }
        if (!validGamma(gamma)) {
            throw args.error("gamma", "must be a finite number > 0, got " + gamma);
        }
    }

    @Override
    public double learningRate(double base, int epoch) {
        return base * Math.pow(gamma, Math.floorDiv(epoch, stepSize));
    }
}
