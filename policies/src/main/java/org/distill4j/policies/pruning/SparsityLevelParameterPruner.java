package org.distill4j.policies.pruning;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distill4j.policies.ModelParameters;
import org.distill4j.policies.PolicyContext;
import org.distill4j.policies.config.PolicyArgs;
import org.distill4j.policies.config.RecipeException;
import org.distill4j.policies.config.RecipeLocation;

/**
 * Prunes each weight to a fixed sparsity level by magnitude in every active epoch: Distiller's
 * {@code SparsityLevelParameterPruner} (the element-wise magnitude pruning of Han et al.,
 * "Learning both Weights and Connections for Efficient Neural Networks", NIPS 2015, with the
 * threshold set per tensor by a sparsity level instead of by hand).
 *
 * <p>Recipe arguments:
 * <ul>
 * <li>{@code levels} (required): a mapping from weight names (or whole-name regular expressions)
 *     to levels in [0, 1), e.g. {@code {fc1.W: 0.5, fc2.W: 0.6, '*': 0.3}}; {@code '*'} is the
 *     level of every pruned weight without one of its own.</li>
 * <li>{@code weights} (optional): the weights to prune. Without it, the keys of {@code levels}
 *     name them, and {@code '*'} stands for every other weight tensor of the model (see
 *     {@link PerWeightValues}).</li>
 * <li>{@code global} (default {@code false}): one magnitude threshold across all the weights;
 *     they must then share one level.</li>
 * </ul>
 * A level prunes exactly {@code floor(level · n)} of a tensor's n elements. A level of 0 leaves
 * the weight alone, as in Distiller: it sets no mask, so a mask that another pruner set stays.
 */
public class SparsityLevelParameterPruner extends AbstractPruner {
    private final PerWeightValues levels;
    private final RecipeLocation globalLocation;
    private final RecipeLocation levelsLocation;
    private Map<String, Double> resolvedLevels;

    public SparsityLevelParameterPruner(PolicyArgs args) {
        super(args.getBoolean("global", false));
        this.globalLocation = args.locationOf("global");
        this.levelsLocation = args.locationOf("levels");
        this.levels = new PerWeightValues(args, "levels", v -> v >= 0 && v < 1, "must be in [0, 1)");
    }

    @Override
    protected List<String> resolveWeights(ModelParameters parameters) {
        Map<String, Double> resolved = new LinkedHashMap<>(levels.resolve(parameters));
        resolved.values().removeIf(level -> level == 0.0);
        if (resolved.isEmpty()) {
            throw new RecipeException(levelsLocation, "levels: every level is 0, so nothing would be pruned");
        }
        if (isGlobal() && resolved.values().stream().distinct().count() > 1) {
            throw new RecipeException(globalLocation, "global: pruning with one threshold needs one level for all "
                    + "weights, got " + resolved);
        }
        resolvedLevels = Collections.unmodifiableMap(resolved);
        return List.copyOf(resolved.keySet());
    }

    /** The level of each pruned weight (those with level 0 are not pruned, so not here); only after attach. */
    public Map<String, Double> levels() {
        if (resolvedLevels == null) {
            throw new IllegalStateException("SparsityLevelParameterPruner is not attached: call attach(context) first");
        }
        return resolvedLevels;
    }

    @Override
    protected double targetSparsity(String weight, PolicyContext context) {
        return levels().get(weight);
    }
}
