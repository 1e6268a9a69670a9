package org.distill4j.policies.lr;

import org.distill4j.policies.config.PolicyArgs;

/**
 * Cosine annealing without restarts (Loshchilov and Hutter, "SGDR: Stochastic Gradient Descent
 * with Warm Restarts", ICLR 2017), in PyTorch's closed form:
 * {@code eta_min + (base - eta_min) · (1 + cos(π · e / T_max)) / 2} with {@code e = min(epoch, T_max)}:
 * the rate falls from {@code base} to {@code eta_min} along half a cosine over {@code T_max}
 * epochs — slowly at first and at the end, fastest in the middle — and stays at {@code eta_min}
 * after (PyTorch's closed form would climb again past {@code T_max}; that is a restart, which this
 * schedule does not do).
 *
 * <p>Recipe arguments: {@code T_max} (required, integer ≥ 1, PyTorch's spelling), {@code eta_min}
 * (default 0, PyTorch's default; ≥ 0).
 */
public class CosineAnnealingLR extends AbstractLRScheduler {
    private final int tMax;
    private final double etaMin;

    public CosineAnnealingLR(PolicyArgs args) {
        this.tMax = args.getInt("T_max");
        this.etaMin = args.getDouble("eta_min", 0.0);
        if (tMax < 1) {
            throw args.error("T_max", "must be at least 1, got " + tMax);
        }
        if (!(etaMin >= 0 && Double.isFinite(etaMin))) {
            throw args.error("eta_min", "must be a finite number >= 0, got " + etaMin);
        }
    }

    @Override
    public double learningRate(double base, int epoch) {
        int e = Math.max(0, Math.min(epoch, tMax));
        return etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * e / tMax)) / 2;
    }
}
