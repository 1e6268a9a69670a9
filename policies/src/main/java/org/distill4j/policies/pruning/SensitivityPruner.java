package org.distill4j.policies.pruning;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.distill4j.policies.Policy;
import org.distill4j.policies.PolicyContext;
import org.distill4j.policies.PrunesParameters;
import org.distill4j.policies.config.PolicyArgs;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Han et al., "Learning both Weights and Connections for Efficient Neural Networks", NIPS 2015:
 * the pruning threshold of a layer is a quality parameter times the standard deviation of its
 * weights, {@code t = s · std(W)}; elements with {@code |w| < t} are pruned. Distiller's
 * {@code SensitivityPruner}. A sensitivity of 0.25 prunes about 20% of a Gaussian layer, 1.0
 * about 68%.
 *
 * <p>Recipe arguments: {@code sensitivities} (required), a mapping from weight names (or
 * whole-name regular expressions) to {@code s ≥ 0}, with Distiller's {@code '*'} default;
 * {@code weights} (optional), as for {@link SparsityLevelParameterPruner}.
 *
 * <p>The standard deviation is that of the current weight, pruned zeros included (as in
 * Distiller), so scheduling the pruner in several epochs with fine-tuning between prunes a
 * little more each time: Han et al.'s iterative pruning.
 */
public class SensitivityPruner extends Policy implements PrunesParameters {
    private final PerWeightValues sensitivities;
    private Map<String, Double> resolved;

    public SensitivityPruner(PolicyArgs args) {
        this.sensitivities = new PerWeightValues(args, "sensitivities", v -> v >= 0 && Double.isFinite(v),
                "must be a finite number >= 0");
    }

    @Override
    public void attach(PolicyContext context) {
        Map<String, Double> r = new LinkedHashMap<>(sensitivities.resolve(context.parameters()));
        r.values().removeIf(s -> s == 0.0);
        resolved = Collections.unmodifiableMap(r);
    }

    /** The sensitivity of each pruned weight (not those with 0); only after attach. */
    public Map<String, Double> sensitivities() {
        if (resolved == null) {
            throw new IllegalStateException("SensitivityPruner is not attached: call attach(context) first");
        }
        return resolved;
    }

    @Override
    public Collection<String> prunedParameters() {
        return sensitivities().keySet();
    }

    @Override
    public void onEpochBegin(PolicyContext context) {
        for (Map.Entry<String, Double> e : sensitivities().entrySet()) {
            INDArray w = context.parameters().get(e.getKey());
            double threshold = e.getValue() * w.stdNumber().doubleValue();
            context.masks().set(e.getKey(), MagnitudeMasks.keepAtLeast(w, threshold));
            context.report(e.getKey() + ".threshold", threshold);
        }
    }
}
