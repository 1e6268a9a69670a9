package org.distill4j.policies.lr;

import java.util.List;
import org.distill4j.policies.config.PolicyArgs;

/**
 * PyTorch's {@code MultiStepLR}: {@code base · gamma^m}, where {@code m} is the number of
 * milestones {@code <= epoch} — the rate drops by {@code gamma} at each milestone epoch.
 *
 * <p>Recipe arguments: {@code milestones} (required, non-empty, strictly increasing epochs ≥ 0),
 * {@code gamma} (default 0.1, PyTorch's default; must be &gt; 0).
 */
public class MultiStepLR extends AbstractLRScheduler {
    private final int[] milestones;
    private final double gamma;

    public MultiStepLR(PolicyArgs args) {
        List<Integer> list = args.getIntList("milestones");
        this.gamma = args.getDouble("gamma", 0.1);
        if (list.isEmpty()) {
            throw args.error("milestones", "must list at least one epoch");
        }
        this.milestones = new int[list.size()];
        for (int i = 0; i < milestones.length; i++) {
            milestones[i] = list.get(i);
            if (milestones[i] < 0) {
                throw args.error("milestones", "must be epochs >= 0, got " + list);
            }
            if (i > 0 && milestones[i] <= milestones[i - 1]) {
                throw args.error("milestones", "must be strictly increasing, got " + list);
            }
        }
        if (!validGamma(gamma)) {
            throw args.error("gamma", "must be a finite number > 0, got " + gamma);
        }
    }

    @Override
    public double learningRate(double base, int epoch) {
        int passed = 0;
        while (passed < milestones.length && milestones[passed] <= epoch) {
            passed++;
        }
        return base * Math.pow(gamma, passed);
    }
}
