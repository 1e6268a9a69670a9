package org.distill4j.policies.pruning;

import org.distill4j.policies.PolicyContext;
import org.distill4j.policies.config.PolicyArgs;

/**
 * Distiller's {@code L1RankedStructureParameterPruner}: prunes the fraction
 * {@code desired_sparsity} (in [0, 1)) of each weight's structures with the smallest L1 norm, in
 * every active epoch. Other arguments: see {@link RankedStructurePruner}.
 */
public class L1RankedStructureParameterPruner extends RankedStructurePruner {
    private final double desired;

    public L1RankedStructureParameterPruner(PolicyArgs args) {
        super(args, 1);
        this.desired = fraction(args, "desired_sparsity");
    }

    @Override
    protected double fraction(PolicyContext context) {
        return desired;
    }
}
