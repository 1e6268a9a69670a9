package org.distill4j.policies.regularization;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distill4j.policies.Policy;
import org.distill4j.policies.PolicyContext;
import org.distill4j.policies.PrunesParameters;
import org.distill4j.policies.config.Located;
import org.distill4j.policies.config.PolicyArgs;
import org.distill4j.policies.config.RecipeException;
import org.distill4j.policies.config.WeightPatterns;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Template of the {@code regularizer} policies: a penalty {@code R(W)} added to the training loss
 * through its gradient. In {@code beforeOptimizerStep} the penalty's gradient is added to the raw
 * gradient; DL4J's raw gradients are sums over the minibatch (the updater divides by its size),
 * so the added term is {@code minibatch · ∂R/∂W}: the penalty then weighs against the mean loss,
 * as in Distiller/PyTorch. The scheduler masks the gradient afterwards, so pruned weights stay
 * zero.
 *
 * <p>Recipe arguments: {@code reg_regims} (required, Distiller's name): weight names or whole-name
 * regular expressions → strength ≥ 0; {@code threshold_criteria} (optional) and
 * {@code threshold}: at the end of each active epoch, structures whose criterion falls below
 * {@code threshold} are zeroed and masked for good (the mask joins the scheduler's
 * {@link org.distill4j.policies.ParameterMasks}), which turns the regularizer into a pruner whose
 * result a thinning extension can remove.
 *
 * <p>Reports {@code penalty} (the summed penalty of all its weights at the end of each active
 * epoch, without the minibatch factor) and, with a threshold, {@code zeroed_groups}.
 */
public abstract class AbstractRegularizer extends Policy implements PrunesParameters {
    private final Map<String, Located<Double>> regims;
    private final ThresholdCriterion criterion;
    private final double threshold;
    private Map<String, Double> strengths;

    /** How small a group must be to be zeroed (Distiller's {@code threshold_criteria}). */
    public enum ThresholdCriterion { NONE, MEAN_ABS, MAX }

    protected AbstractRegularizer(PolicyArgs args) {
        this.regims = args.getDoubleMap("reg_regims");
        if (regims.isEmpty()) {
            throw args.error("reg_regims", "must give at least one weight");
        }
        for (Map.Entry<String, Located<Double>> e : regims.entrySet()) {
            Double v = e.getValue().value();
            if (v == null || !(v >= 0) || !Double.isFinite(v)) {
                throw e.getValue().error("reg_regims: '" + e.getKey() + "' must be a finite strength >= 0, got " + v);
            }
        }
        this.criterion = args.getEnum("threshold_criteria", ThresholdCriterion.class, ThresholdCriterion.NONE);
        this.threshold = criterion == ThresholdCriterion.NONE ? 0 : args.getDouble("threshold");
        if (!(threshold >= 0)) {
            throw args.error("threshold", "must be >= 0, got " + threshold);
        }
    }

    @Override
    public void attach(PolicyContext context) {
        Map<String, Double> s = new LinkedHashMap<>();
        for (Map.Entry<String, Located<Double>> e : regims.entrySet()) {
            Located<String> pattern = new Located<>(e.getKey(), e.getValue().location());
            List<String> hits = WeightPatterns.matches(pattern, context.parameters().names());
            if (hits.isEmpty()) {
                throw pattern.error("reg_regims: '" + e.getKey() + "' matches no parameter; parameters: "
                        + context.parameters().names());
            }
            for (String name : hits) {
                try {
                    check(name, context.parameters().get(name));
                } catch (IllegalArgumentException ex) {
                    throw new RecipeException(e.getValue().location(), getClass().getSimpleName() + ": " + ex.getMessage());
                }
                s.putIfAbsent(name, e.getValue().value());
            }
        }
        strengths = s;
    }

    /** Checks that the regularizer applies to this weight (shape); throws IllegalArgumentException. */
    protected void check(String name, INDArray weight) {
    }

    /** The penalty of one weight at strength {@code strength}. */
    protected abstract double penalty(INDArray w, double strength);

    /** ∂penalty/∂W, a new array of W's shape. */
    protected abstract INDArray penaltyGradient(INDArray w, double strength);

    /** Zeroes the structures whose criterion is below {@code threshold}: returns the mask, and how many groups it zeroes. */
    protected abstract ThresholdMask thresholdMask(INDArray w, ThresholdCriterion criterion, double threshold);

    /** A mask and the number of groups it zeroes. */
    protected record ThresholdMask(INDArray mask, int zeroed) {
    }

    public Map<String, Double> strengths() {
        if (strengths == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " is not attached: call attach(context) first");
        }
        return strengths;
    }

    @Override
    public Collection<String> prunedParameters() {
        return criterion == ThresholdCriterion.NONE ? List.of() : new ArrayList<>(strengths().keySet());
    }

    @Override
    public void beforeOptimizerStep(PolicyContext context) {
        int batch = context.batch().numExamples();
        for (Map.Entry<String, Double> e : strengths().entrySet()) {
            if (e.getValue() == 0 || !context.parameters().contains(e.getKey())) {
                continue;
            }
            INDArray g = context.parameters().gradientOf(context.gradient(), e.getKey());
            if (g != null) {
                INDArray w = context.parameters().get(e.getKey());
                g.addi(penaltyGradient(w, e.getValue() * batch).castTo(g.dataType()).reshape(g.ordering(), g.shape()));
            }
        }
    }

    @Override
    public void onEpochEnd(PolicyContext context) {
        double total = 0;
        int zeroed = 0;
        for (Map.Entry<String, Double> e : strengths().entrySet()) {
            if (!context.parameters().contains(e.getKey())) {
                continue;
            }
            INDArray w = context.parameters().get(e.getKey());
            if (criterion != ThresholdCriterion.NONE) {
                ThresholdMask m = thresholdMask(w, criterion, threshold);
                INDArray old = context.masks().get(e.getKey());
                INDArray mask = old == null || !java.util.Arrays.equals(old.shape(), w.shape()) ? m.mask() : m.mask().mul(old);
                context.masks().set(e.getKey(), mask);
                w.muli(mask.castTo(w.dataType()));
                zeroed += m.zeroed();
            }
            total += penalty(w, e.getValue());
        }
        context.report("penalty", total);
        if (criterion != ThresholdCriterion.NONE) {
            context.report("zeroed_groups", zeroed);
        }
    }
}
