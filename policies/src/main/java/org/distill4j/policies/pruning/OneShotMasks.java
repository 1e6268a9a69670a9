package org.distill4j.policies.pruning;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the pruners would prune in one tensor at one level, for tools that prune once outside a
 * schedule (sensitivity analysis): the same counts, ranking and tie-breaking as
 * {@link SparsityLevelParameterPruner} (elements) and the ranked structure pruners (structures).
 */
public final class OneShotMasks {
    private OneShotMasks() {
    }

    /** The magnitude mask (FLOAT, 1 keeps) that prunes {@code floor(level · n)} smallest-|w| elements. */
    public static INDArray elements(INDArray weight, double level) {
        return MagnitudeMasks.keepLargest(weight, level);
    }

    /**
     * Which structures of {@code type} to prune: the {@code floor(level · count)} with the smallest
     * L{@code norm} norms, as one flag per structure (turn it into masks with {@link Structures#mask}
     * and {@link Structures#biasMask}).
     */
    public static boolean[] structures(INDArray weight, StructureType type, int norm, double level) {
        double[] norms = Structures.norms(weight, type, norm);
        return Structures.smallest(norms, MagnitudeMasks.prunedCount(norms.length, level));
    }
}
