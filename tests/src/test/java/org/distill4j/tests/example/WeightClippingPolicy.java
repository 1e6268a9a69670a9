package org.distill4j.tests.example;

import java.util.List;
import org.distill4j.policies.Policy;
import org.distill4j.policies.PolicyContext;
import org.distill4j.policies.config.PolicyArgs;
import org.distill4j.policies.config.WeightPatterns;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Keeps every listed weight within [-max_abs, max_abs] after each optimizer step. */
public class WeightClippingPolicy extends Policy {
    private final double maxAbs;
    private final WeightPatterns weights;
    private List<String> resolved;

    public WeightClippingPolicy(PolicyArgs args) {
        maxAbs = args.getDouble("max_abs");
        if (maxAbs <= 0) {
            throw args.error("max_abs", "must be > 0");
        }
        weights = new WeightPatterns(args.getStringList("weights"));
    }

    @Override
    public void attach(PolicyContext context) {
        resolved = weights.resolve(context.parameters().names());
    }

    @Override
    public void onMinibatchEnd(PolicyContext context) {
        for (String name : resolved) {
            INDArray w = context.parameters().get(name); // a view: in-place changes reach the model
            Transforms.min(Transforms.max(w, -maxAbs, false), maxAbs, false);
        }
    }
}
