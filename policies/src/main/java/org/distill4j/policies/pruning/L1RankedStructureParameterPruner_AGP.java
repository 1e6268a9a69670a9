package org.distill4j.policies.pruning;

import org.distill4j.policies.config.PolicyArgs;

/**
 * Distiller's {@code L1RankedStructureParameterPruner_AGP}: structures ranked by L1 norm, with the
 * fraction pruned growing from {@code initial_sparsity} to {@code final_sparsity} on the AGP cube
 * schedule over the active epochs (see {@link AutomatedGradualPruner}). Other arguments: see
 * {@link RankedStructurePruner}. (The underscore keeps Distiller's class name, so recipes carry over.)
 */
public class L1RankedStructureParameterPruner_AGP extends GradualRankedStructurePruner {

    public L1RankedStructureParameterPruner_AGP(PolicyArgs args) {
        super(args, 1);
    }
}
