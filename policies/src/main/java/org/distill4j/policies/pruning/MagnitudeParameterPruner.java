package org.distill4j.policies.pruning;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.distill4j.policies.Policy;
import org.distill4j.policies.PolicyContext;
import org.distill4j.policies.PrunesParameters;
import org.distill4j.policies.config.PolicyArgs;

/**
 * The most basic magnitude pruner: in every active epoch, zero every element with
 * {@code |w| < threshold} — Distiller's {@code MagnitudeParameterPruner}, after Han et al.,
 * "Learning both Weights and Connections for Efficient Neural Networks", NIPS 2015 (the threshold
 * there is a quality parameter times the layer's weight standard deviation; here it is given
 * directly, as in Distiller).
 *
 * <p>Recipe arguments:
 * <ul>
 * <li>{@code thresholds} (required): a mapping from weight names (or whole-name regular
 *     expressions) to thresholds ≥ 0, e.g. {@code {fc1.W: 0.1, '*': 0.05}}; {@code '*'} is the
 *     threshold of every pruned weight without one of its own.</li>
 * <li>{@code weights} (optional): the weights to prune. Without it, the keys of
 *     {@code thresholds} name them, and {@code '*'} stands for every other weight tensor of the
 *     model (see {@link PerWeightValues}).</li>
 * </ul>
 *
 * <p>An element exactly at the threshold is kept (Distiller prunes it, {@code |w| <= t}); with a
 * threshold of 0 the weight is left alone: no mask is set, so a mask that another pruner set
 * stays, and a weight that happens to be zero is free to grow.
 * This pruner aims at no sparsity, so it reports nothing; the sparsity reached is the
 * framework's to report.
 */
public class MagnitudeParameterPruner extends Policy implements PrunesParameters {
    private final PerWeightValues thresholds;
    private Map<String, Double> resolvedThresholds;

    public MagnitudeParameterPruner(PolicyArgs args) {
        this.thresholds = new PerWeightValues(args, "thresholds", v -> v >= 0 && Double.isFinite(v),
                "must be a finite number >= 0");
    }

    /** Resolves the weights and their thresholds; recipe errors (a name matching nothing) surface here. */
    @Override
    public void attach(PolicyContext context) {
        Map<String, Double> resolved = new LinkedHashMap<>(thresholds.resolve(context.parameters()));
        resolved.values().removeIf(threshold -> threshold == 0.0);
        resolvedThresholds = Collections.unmodifiableMap(resolved);
    }

    /** The threshold of each pruned weight (not those with threshold 0), in network order; only after attach. */
    public Map<String, Double> thresholds() {
        if (resolvedThresholds == null) {
            throw new IllegalStateException("MagnitudeParameterPruner is not attached: call attach(context) first");
        }
        return resolvedThresholds;
    }

    @Override
    public Collection<String> prunedParameters() {
        return thresholds().keySet();
    }

    @Override
    public void onEpochBegin(PolicyContext context) {
        for (Map.Entry<String, Double> e : thresholds().entrySet()) {
            context.masks().set(e.getKey(), MagnitudeMasks.keepAtLeast(context.parameters().get(e.getKey()), e.getValue()));
        }
    }
}
