package org.distill4j.policies.regularization;

import org.distill4j.policies.config.PolicyArgs;
import org.distill4j.policies.pruning.StructureType;
import org.distill4j.policies.pruning.Structures;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Group lasso (Yuan and Lin 2006; structured sparsity learning, Wen et al., NIPS 2016):
 * {@code R(W) = λ Σ_g ||W_g||₂} over the structures {@code g} of {@code group_type} (Filters,
 * Channels, Rows, Cols — see {@link StructureType}), pushing whole filters or neurons to zero.
 * Gradient {@code λ · W_g / ||W_g||₂} (0 for a zero group). With {@code threshold_criteria}
 * ({@code Mean_Abs}: the mean |w| of a group; {@code Max}: its largest |w|) groups below
 * {@code threshold} are zeroed and masked at the end of each active epoch, after which
 * {@code FilterRemover}/{@code NeuronRemover} can remove them. Other arguments: see
 * {@link AbstractRegularizer}.
 */
public class GroupLassoRegularizer extends AbstractRegularizer {
    private final StructureType type;

    public GroupLassoRegularizer(PolicyArgs args) {
        super(args);
        if (!args.has("group_type")) {
            throw args.error("group_type", "is required: Filters, Channels, Rows or Cols");
        }
        this.type = args.getEnum("group_type", StructureType.class, null);
    }

    @Override
    protected void check(String name, INDArray weight) {
        Structures.check(name, weight, type);
    }

    /** The L2 norm of each group. */
    private double[] norms(INDArray w) {
        double[] rms = Structures.norms(w, type, 2);
        long size = w.length() / rms.length;
        for (int g = 0; g < rms.length; g++) {
            rms[g] *= Math.sqrt(size);
        }
        return rms;
    }

    @Override
    protected double penalty(INDArray w, double strength) {
        double sum = 0;
        for (double n : norms(w)) {
            sum += n;
        }
        return strength * sum;
    }

    @Override
    protected INDArray penaltyGradient(INDArray w, double strength) {
        double[] norms = norms(w);
        double[] scale = new double[norms.length];
        for (int g = 0; g < norms.length; g++) {
            scale[g] = norms[g] == 0 ? 0 : strength / norms[g];
        }
        return w.mul(broadcast(w, scale));
    }

    /** An array of W's shape holding each group's value at every one of its elements. */
    private INDArray broadcast(INDArray w, double[] perGroup) {
        long[] shape = w.shape();
        long inner = 1;
        for (int d = type.dimension() + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        float[] v = new float[(int) w.length()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) perGroup[(int) ((i / inner) % shape[type.dimension()])];
        }
        return Nd4j.create(v, shape, 'c').castTo(w.dataType());
    }

    @Override
    protected ThresholdMask thresholdMask(INDArray w, ThresholdCriterion criterion, double threshold) {
        double[] crit = criterion == ThresholdCriterion.MAX ? maxAbs(w) : Structures.norms(w, type, 1);
        boolean[] zero = new boolean[crit.length];
        int count = 0;
        for (int g = 0; g < crit.length; g++) {
            zero[g] = crit[g] < threshold;
            count += zero[g] ? 1 : 0;
        }
        return new ThresholdMask(Structures.mask(w, type, zero), count);
    }

    private double[] maxAbs(INDArray w) {
        long[] shape = w.shape();
        long inner = 1;
        for (int d = type.dimension() + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        float[] v = w.dup('c').reshape('c', new long[] {w.length()}).toFloatVector();
        double[] max = new double[(int) shape[type.dimension()]];
        for (int i = 0; i < v.length; i++) {
            int g = (int) ((i / inner) % shape[type.dimension()]);
            max[g] = Math.max(max[g], Math.abs(v[i]));
        }
        return max;
    }
}
