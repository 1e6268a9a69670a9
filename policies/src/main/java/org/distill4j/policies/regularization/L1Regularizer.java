package org.distill4j.policies.regularization;

import org.distill4j.policies.config.PolicyArgs;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * L1 regularization, {@code R(W) = λ Σ|w|} (sparsity-inducing; Distiller's {@code L1Regularizer}).
 * Gradient {@code λ · sign(w)} (0 at 0). With {@code threshold_criteria} ({@code Mean_Abs} or
 * {@code Max}, both meaning |w| for a single element) elements with {@code |w| < threshold} are
 * zeroed and masked at the end of each active epoch. Arguments: see {@link AbstractRegularizer}.
 */
public class L1Regularizer extends AbstractRegularizer {

    public L1Regularizer(PolicyArgs args) {
        super(args);
    }

    @Override
    protected double penalty(INDArray w, double strength) {
        return strength * w.norm1Number().doubleValue();
    }

    @Override
    protected INDArray penaltyGradient(INDArray w, double strength) {
        return Transforms.sign(w, true).muli(strength);
    }

    @Override
    protected ThresholdMask thresholdMask(INDArray w, ThresholdCriterion criterion, double threshold) {
        INDArray mask = Transforms.abs(w, true).gte(threshold).castTo(DataType.FLOAT);
        return new ThresholdMask(mask, (int) (mask.length() - mask.sumNumber().longValue()));
    }
}
