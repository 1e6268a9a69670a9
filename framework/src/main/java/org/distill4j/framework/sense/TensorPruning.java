package org.distill4j.framework.sense;

import org.distill4j.policies.ModelParameters;
import org.distill4j.policies.pruning.OneShotMasks;
import org.distill4j.policies.pruning.Structures;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Prunes one tensor of a live network in place, level after level, and puts its original values
 * back. Each level is cut from the original values, never from an earlier level's result. A
 * filter analysis also zeroes the pruned units' biases, as the ranked structure pruners do, so a
 * pruned unit outputs exactly {@code activation(0)}.
 */
final class TensorPruning {
    private final SensedWeight weight;
    private final PruneKind kind;
    private final INDArray view;
    private final INDArray original;
    private final INDArray biasView;
    private final INDArray biasOriginal;

    TensorPruning(ModelParameters parameters, SensedWeight weight, PruneKind kind) {
        this.weight = weight;
        this.kind = kind;
        this.view = parameters.get(weight.name());
        this.original = view.dup(view.ordering());
        String bias = weight.name().substring(0, weight.name().lastIndexOf('.')) + ".b";
        boolean withBias = kind == PruneKind.FILTER && parameters.contains(bias)
                && parameters.get(bias).length() == Structures.count(view, weight.outputs());
        this.biasView = withBias ? parameters.get(bias) : null;
        this.biasOriginal = withBias ? biasView.dup(biasView.ordering()) : null;
    }

    /** Sets the tensor to its original values pruned to {@code level}. */
    void prune(double level) {
        restore();
        if (kind == PruneKind.ELEMENT) {
            view.muli(OneShotMasks.elements(original, level));
            return;
        }
        boolean[] pruned = OneShotMasks.structures(original, weight.outputs(), 1, level);
        view.muli(Structures.mask(original, weight.outputs(), pruned));
        if (biasView != null) {
            biasView.muli(Structures.biasMask(biasView, pruned));
        }
    }

    /** Puts the original values back (bit for bit). */
    void restore() {
        view.assign(original);
        if (biasView != null) {
            biasView.assign(biasOriginal);
        }
    }
}
