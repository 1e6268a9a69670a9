package org.distill4j.policies.lr;

import org.distill4j.policies.config.PolicyArgs;

/**
 * PyTorch's {@code ExponentialLR}: {@code base · gamma^epoch}.
 *
 * <p>Recipe arguments: {@code gamma} (required, as in PyTorch; a finite number &gt; 0, usually
 * just below 1).
 */
public class ExponentialLR extends AbstractLRScheduler {
    private final double gamma;

    public ExponentialLR(PolicyArgs args) {
        this.gamma = args.getDouble("gamma");
        if (!validGamma(gamma)) {
            throw args.error("gamma", "must be a finite number > 0, got " + gamma);
        }
    }

    @Override
    public double learningRate(double base, int epoch) {
        return base * Math.pow(gamma, epoch);
    }
}
