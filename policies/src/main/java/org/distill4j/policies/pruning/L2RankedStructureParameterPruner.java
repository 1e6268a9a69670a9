package org.distill4j.policies.pruning;

import org.distill4j.policies.PolicyContext;
import org.distill4j.policies.config.PolicyArgs;

/**
 * Distiller's {@code L2RankedStructureParameterPruner}: prunes the fraction
 * {@code desired_sparsity} (in [0, 1)) of each weight's structures with the smallest L2 norm, in
 * every active epoch. Other arguments: see {@link RankedStructurePruner}.
 */
public class L2RankedStructureParameterPruner extends RankedStructurePruner {
    private final double desired;

    public L2RankedStructureParameterPruner(PolicyArgs args) {
        super(args, 2);
        this.desired = fraction(args, "desired_sparsity");
    }

    @Override
    protected double fraction(PolicyContext context) {
        return desired;
    }
}
