package org.distill4j.policies.distillation;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Hinton, Vinyals &amp; Dean's distillation loss (arXiv:1503.02531) as a DL4J loss function, per
 * example:
 * <pre>
 *   student_weight · CE(softmax(z_s), y) + distill_weight · T² · KL(softmax(z_t / T) ‖ softmax(z_s / T))
 * </pre>
 * The T² keeps the soft term's gradient, {@code T · (softmax(z_s/T) − softmax(z_t/T))}, on the scale
 * of the hard term's as T changes (section 2 of the paper).
 *
 * <p><b>Inputs.</b> DL4J hands a loss the output layer's pre-activations, so {@code preOutput} is
 * the student's logits {@code z_s} ({@code [n, C]}); the loss computes every softmax itself and
 * ignores the layer's activation (which must be softmax for the model's outputs to mean the same).
 * {@code labels} is {@code [n, 2C]}: the one-hot (or soft) targets {@code y}, then the teacher's
 * logits {@code z_t} (any per-row shift of them gives the same loss). Nothing in DL4J checks the
 * label width, but evaluation does: evaluate with plain labels and the model's own loss.
 *
 * <p><b>Score and gradient</b> follow DL4J's contract: {@link #computeScoreArray} is per example,
 * {@link #computeScore} sums (divided by n only when {@code average}), and {@link #computeGradient}
 * returns the per-example gradient rows with respect to {@code z_s} (the updater divides by n). A
 * per-example mask (column vector) zeroes masked rows.
 *
 * <p><b>Components.</b> Every {@link #computeScore} call also adds the unweighted hard
 * cross-entropy and distillation term of its examples to running sums, read and cleared with
 * {@link #takeComponents()}; they are not part of the serialized state.
 *
 * <p>Serializable as part of a DL4J configuration (public no-arg constructor, {@code @JsonProperty}
 * fields), though {@link KnowledgeDistillationPolicy} restores the model's own loss after every
 * step so a saved model never holds this one.
 */
public final class DistillationLoss implements ILossFunction {
    private static final long serialVersionUID = 1L;

    @JsonProperty
    private double temperature;
    @JsonProperty
    private double studentWeight;
    @JsonProperty
    private double distillWeight;

    @JsonIgnore
    private transient double hardSum;
    @JsonIgnore
    private transient double distillSum;
    @JsonIgnore
    private transient long examples;

    /** For JSON: T = 1, plain cross-entropy. */
    public DistillationLoss() {
        this(1, 1, 0);
    }

    public DistillationLoss(double temperature, double studentWeight, double distillWeight) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number > 0, got " + temperature);
        }
        if (!(studentWeight >= 0) || !(distillWeight >= 0) || Double.isInfinite(studentWeight)
                || Double.isInfinite(distillWeight)) {
            throw new IllegalArgumentException("weights must be finite and >= 0, got student " + studentWeight
                    + ", distill " + distillWeight);
        }
        this.temperature = temperature;
        this.studentWeight = studentWeight;
        this.distillWeight = distillWeight;
    }

    public double temperature() {
        return temperature;
    }

    public double studentWeight() {
        return studentWeight;
    }

    public double distillWeight() {
        return distillWeight;
    }

    /** Mean hard CE and mean distillation term (T²·KL) per example since the last call, and the count. */
    public synchronized Components takeComponents() {
        Components c = examples == 0 ? new Components(Double.NaN, Double.NaN, 0)
                : new Components(hardSum / examples, distillSum / examples, examples);
        hardSum = 0;
        distillSum = 0;
        examples = 0;
        return c;
    }

    /** Unweighted per-example means of the two terms over some steps. */
    public record Components(double hardCrossEntropy, double distillationTerm, long examples) {
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        Pass p = pass(labels, preOutput, mask, false);
        double hard = 0;
        double soft = 0;
        for (int i = 0; i < p.n; i++) {
            hard += p.hard[i];
            soft += p.soft[i];
        }
        synchronized (this) {
            hardSum += hard;
            distillSum += soft;
            examples += p.counted;
        }
        double score = studentWeight * hard + distillWeight * soft;
        return average ? score / p.n : score;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        Pass p = pass(labels, preOutput, mask, false);
        double[] scores = new double[p.n];
        for (int i = 0; i < p.n; i++) {
            scores[i] = studentWeight * p.hard[i] + distillWeight * p.soft[i];
        }
        return Nd4j.create(scores, new long[] {p.n, 1}, preOutput.dataType());
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        Pass p = pass(labels, preOutput, mask, true);
        return Nd4j.create(p.gradient, new long[] {p.n, p.classes}, preOutput.dataType());
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return "DistillationLoss(T=" + temperature + ", student=" + studentWeight + ", distill=" + distillWeight + ")";
    }

    @Override
    public String toString() {
        return name();
    }

    /** One pass over the rows: per-example hard CE and T²·KL, and optionally the gradient (row-major). */
    private static final class Pass {
        int n;
        int classes;
        long counted;
        double[] hard;
        double[] soft;
        double[] gradient;
    }

    /**
     * The loss on plain Java arrays: a minibatch holds a few thousand numbers, for which one pass in
     * double precision costs microseconds, where the same arithmetic as ND4J ops (some thirty small
     * ops per call) would add a tenth to a small student's step.
     */
    private Pass pass(INDArray labels, INDArray preOutput, INDArray mask, boolean withGradient) {
        int c = classes(labels, preOutput);
        int n = (int) preOutput.size(0);
        double[] z = rowMajor(preOutput);
        double[] l = rowMajor(labels);
        double[] m = mask == null ? null : rowMajor(mask);
        if (m != null && m.length != n) {
            throw new IllegalArgumentException("DistillationLoss takes a per-example mask [n, 1], got "
                    + java.util.Arrays.toString(mask.shape()));
        }
        Pass p = new Pass();
        p.n = n;
        p.classes = c;
        p.hard = new double[n];
        p.soft = new double[n];
        p.gradient = withGradient ? new double[n * c] : null;
        double t = temperature;
        double[] logP = new double[c];
        double[] logPs = new double[c];
        double[] logPt = new double[c];
        for (int i = 0; i < n; i++) {
            double weight = m == null ? 1 : m[i];
            if (weight == 0) {
                continue;
            }
            p.counted++;
            int zi = i * c;
            int yi = i * 2 * c;
            int ti = yi + c;
            logSoftmax(z, zi, c, 1, logP);
            double ySum = 0;
            double hard = 0;
            for (int k = 0; k < c; k++) {
                hard -= l[yi + k] * logP[k];
                ySum += l[yi + k];
            }
            p.hard[i] = weight * hard;
            double soft = 0;
            if (distillWeight != 0) {
                logSoftmax(z, zi, c, t, logPs);
                logSoftmax(l, ti, c, t, logPt);
                for (int k = 0; k < c; k++) {
                    soft += Math.exp(logPt[k]) * (logPt[k] - logPs[k]);
                }
                soft *= t * t;
            }
            p.soft[i] = weight * soft;
            if (withGradient) {
                for (int k = 0; k < c; k++) {
                    // hard: softmax(z)·Σy − y ; soft (with T²): T · (softmax(z/T) − softmax(z_t/T))
                    double g = studentWeight * (Math.exp(logP[k]) * ySum - l[yi + k]);
                    if (distillWeight != 0) {
                        g += distillWeight * t * (Math.exp(logPs[k]) - Math.exp(logPt[k]));
                    }
                    p.gradient[zi + k] = weight * g;
                }
            }
        }
        return p;
    }

    /** {@code out = log softmax(v[from .. from+c) / t)}, stable. */
    private static void logSoftmax(double[] v, int from, int c, double t, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < c; k++) {
            max = Math.max(max, v[from + k] / t);
        }
        double sum = 0;
        for (int k = 0; k < c; k++) {
            out[k] = v[from + k] / t - max;
            sum += Math.exp(out[k]);
        }
        double log = Math.log(sum);
        for (int k = 0; k < c; k++) {
            out[k] -= log;
        }
    }

    /** The array's values in row-major order (a copy only when it is a view or not 'c' ordered). */
    private static double[] rowMajor(INDArray a) {
        INDArray c = a.ordering() == 'c' && !a.isView() && a.data().length() == a.length() ? a : a.dup('c');
        return c.data().asDouble();
    }

    private static int classes(INDArray labels, INDArray preOutput) {
        long c = preOutput.size(1);
        if (labels.rank() != 2 || labels.size(1) != 2 * c || labels.size(0) != preOutput.size(0)) {
            throw new IllegalArgumentException("DistillationLoss expects labels [n, 2C] = [targets | teacher logits] for "
                    + "logits [n, C] = " + java.util.Arrays.toString(preOutput.shape()) + ", got labels "
                    + java.util.Arrays.toString(labels.shape()) + " (evaluate with the model's own loss)");
        }
        return (int) c;
    }
}
