package org.distill4j.policies.pruning;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.distill4j.policies.ModelParameters;
import org.distill4j.policies.Policy;
import org.distill4j.policies.PolicyContext;
import org.distill4j.policies.PrunesParameters;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Template for pruners that aim at a target sparsity: at the beginning of every active epoch it
 * asks {@link #targetSparsity} for each weight, computes a mask with {@link #mask} (by default
 * the largest magnitudes survive) and sets it with {@link org.distill4j.policies.ParameterMasks#set}.
 *
 * <p>The scheduler applies the masks right after {@code onEpochBegin}, to the gradients before
 * every optimizer step and to the weights after it, in every later epoch too: masks outlive the
 * pruner's window, and the last mask a pruner sets stays in force for the rest of training.
 *
 * <p>A mask is recomputed from the current weights, in which everything pruned so far is zero
 * and therefore among the smallest magnitudes: with a non-decreasing target, a pruned weight
 * stays pruned.
 *
 * <p>With {@code global}, one magnitude threshold is used across all the pruner's weights
 * instead of the same sparsity in every tensor: tensors with many small weights give up more of
 * them. All weights must then share one target sparsity (subclasses check that at
 * {@link #attach}).
 *
 * <p>Reports {@code target_sparsity} once per active epoch when every weight has the same target,
 * else {@code <weight>.target_sparsity} per weight. The sparsity actually reached is the
 * framework's to report.
 */
public abstract class AbstractPruner extends Policy implements PrunesParameters {
    private final boolean global;
    private List<String> weights;

    /** @param global one magnitude threshold across all weights instead of one sparsity per tensor */
    protected AbstractPruner(boolean global) {
        this.global = global;
    }

    /**
     * Resolves the weights this pruner prunes; recipe errors (a name matching nothing) surface here.
     * A subclass that overrides this calls {@code super.attach(context)} first.
     */
    @Override
    public void attach(PolicyContext context) {
        List<String> resolved = resolveWeights(context.parameters());
        if (resolved.isEmpty()) {
            throw new IllegalStateException(getClass().getSimpleName() + " resolved no weights to prune");
        }
        weights = List.copyOf(resolved);
    }

    /** The parameter names this pruner prunes, in network order. Called once, from {@link #attach}. */
    protected abstract List<String> resolveWeights(ModelParameters parameters);

    /** The fraction of {@code weight}'s elements to prune in the context's epoch, in [0, 1). */
    protected abstract double targetSparsity(String weight, PolicyContext context);

    /**
     * The mask for one weight at its target sparsity (not used with {@code global}). The default
     * keeps the largest magnitudes and prunes exactly {@code floor(s·n)} elements; override to
     * prune by another criterion (structures, say).
     */
    protected INDArray mask(String weight, INDArray values, double targetSparsity) {
        return MagnitudeMasks.keepLargest(values, targetSparsity);
    }

    @Override
    public void onEpochBegin(PolicyContext context) {
        List<String> names = weights();
        ModelParameters parameters = context.parameters();
        double[] targets = new double[names.size()];
        boolean uniform = true;
        for (int i = 0; i < targets.length; i++) {
            targets[i] = targetSparsity(names.get(i), context);
            if (!(targets[i] >= 0 && targets[i] < 1)) {
                throw new IllegalStateException(getClass().getSimpleName() + ": target sparsity " + targets[i]
                        + " for " + names.get(i) + " is outside [0, 1)");
            }
            uniform &= targets[i] == targets[0];
        }
        if (global) {
            if (!uniform) {
                throw new IllegalStateException(getClass().getSimpleName()
                        + ": global pruning needs one target sparsity for all weights");
            }
            List<INDArray> values = new ArrayList<>(names.size());
            for (String name : names) {
                values.add(parameters.get(name));
            }
            List<INDArray> masks = MagnitudeMasks.keepLargestGlobally(values, targets[0]);
            for (int i = 0; i < names.size(); i++) {
                context.masks().set(names.get(i), masks.get(i));
            }
        } else {
            for (int i = 0; i < names.size(); i++) {
                context.masks().set(names.get(i), mask(names.get(i), parameters.get(names.get(i)), targets[i]));
            }
        }
        if (uniform) {
            context.report("target_sparsity", targets[0]);
        } else {
            for (int i = 0; i < names.size(); i++) {
                context.report(names.get(i) + ".target_sparsity", targets[i]);
            }
        }
    }

    /** The resolved weights, in network order; only after {@link #attach}. */
    public List<String> weights() {
        if (weights == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " is not attached: call attach(context) first");
        }
        return weights;
    }

    @Override
    public Collection<String> prunedParameters() {
        return weights();
    }

    public boolean isGlobal() {
        return global;
    }
}
