package org.distill4j.policies.pruning;

import org.distill4j.policies.config.PolicyArgs;

/**
 * Distiller's {@code L2RankedStructureParameterPruner_AGP}: structures ranked by L2 norm, with the
 * fraction pruned growing from {@code initial_sparsity} to {@code final_sparsity} on the AGP cube
 * schedule over the active epochs (see {@link AutomatedGradualPruner}). Other arguments: see
 * {@link RankedStructurePruner}. (The underscore keeps Distiller's class name, so recipes carry over.)
 */
public class L2RankedStructureParameterPruner_AGP extends GradualRankedStructurePruner {

    public L2RankedStructureParameterPruner_AGP(PolicyArgs args) {
        super(args, 2);
    }
}
