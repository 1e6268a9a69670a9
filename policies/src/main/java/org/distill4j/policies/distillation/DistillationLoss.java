package org.distill4j.policies.distillation;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.ops.transforms.Transforms;
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
        Terms t = terms(labels, preOutput, mask);
        double hard = t.hard.sumNumber().doubleValue();
        double soft = t.soft.sumNumber().doubleValue();
        long n = mask == null ? preOutput.size(0) : Math.round(mask.sumNumber().doubleValue());
        synchronized (this) {
            hardSum += hard;
            distillSum += soft;
            examples += n;
        }
        double score = studentWeight * hard + distillWeight * soft;
        return average ? score / preOutput.size(0) : score;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        Terms t = terms(labels, preOutput, mask);
        return t.hard.muli(studentWeight).addi(t.soft.muli(distillWeight));
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        int classes = classes(labels, preOutput);
        INDArray y = targets(labels, classes);
        INDArray zt = teacherLogits(labels, classes);
        // hard: softmax(z) · Σy − y ; soft (with T²): T · (softmax(z/T) − softmax(z_t/T))
        INDArray p = Transforms.exp(logSoftmax(preOutput, 1), false);
        INDArray grad = p.muliColumnVector(y.sum(true, 1)).subi(y).muli(studentWeight);
        if (distillWeight != 0) {
            INDArray ps = Transforms.exp(logSoftmax(preOutput, temperature), false);
            INDArray pt = Transforms.exp(logSoftmax(zt, temperature), false);
            grad.addi(ps.subi(pt).muli(distillWeight * temperature));
        }
        if (mask != null) {
            grad.muliColumnVector(mask.reshape(mask.length(), 1).castTo(grad.dataType()));
        }
        return grad;
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

    /** Per-example hard CE and T²·KL, as columns {@code [n, 1]}, masked rows zero. */
    private Terms terms(INDArray labels, INDArray preOutput, INDArray mask) {
        int classes = classes(labels, preOutput);
        INDArray y = targets(labels, classes);
        INDArray hard = logSoftmax(preOutput, 1).muli(y).sum(true, 1).negi();
        INDArray soft;
        if (distillWeight != 0) {
            INDArray logPs = logSoftmax(preOutput, temperature);
            INDArray logPt = logSoftmax(teacherLogits(labels, classes), temperature);
            INDArray pt = Transforms.exp(logPt, true);
            soft = logPt.subi(logPs).muli(pt).sum(true, 1).muli(temperature * temperature);
        } else {
            soft = hard.mul(0);
        }
        if (mask != null) {
            INDArray m = mask.reshape(mask.length(), 1).castTo(hard.dataType());
            hard.muli(m);
            soft.muli(m);
        }
        return new Terms(hard.reshape(hard.length(), 1), soft.reshape(soft.length(), 1));
    }

    private record Terms(INDArray hard, INDArray soft) {
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

    private static INDArray targets(INDArray labels, int classes) {
        return labels.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, classes));
    }

    private static INDArray teacherLogits(INDArray labels, int classes) {
        return labels.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(classes, 2 * classes));
    }

    /** Row-wise log softmax of {@code z / t}, numerically stable, as a new array. */
    static INDArray logSoftmax(INDArray z, double t) {
        INDArray scaled = z.div(t);
        INDArray shifted = scaled.subiColumnVector(scaled.max(true, 1));
        INDArray logSum = Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false);
        return shifted.subiColumnVector(logSum);
    }
}
