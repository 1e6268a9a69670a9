package org.distill4j.policies.quantization;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A layer's own activation function followed by fake quantization of its output:
 * {@code a = inner(z)}, {@code â = s · (clamp(round(a / s), qmin − zp, qmax − zp))}, with the range
 * tracked during training as an exponential moving average of each batch's min and max
 * (bias-corrected, as Distiller's {@code QuantAwareTrainRangeLinearQuantizer}), or fixed by
 * post-training calibration. Backward: the gradient passes straight through where {@code a} lies
 * inside the clipping range and is zero outside it (PyTorch's {@code FakeQuantize}), then through
 * the inner function.
 *
 * <p>Serialized into the model JSON by class name with its range, so a saved model evaluates
 * exactly as it was validated.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public class FakeQuantActivation extends BaseActivationFunction {
    @JsonProperty
    private IActivation inner;
    @JsonProperty
    private int bits = 8;
    @JsonProperty
    private QuantMode mode = QuantMode.ASYMMETRIC_UNSIGNED;
    @JsonProperty
    private double emaDecay = 0.999;
    @JsonProperty
    private double biasedMin;
    @JsonProperty
    private double biasedMax;
    @JsonProperty
    private long steps;
    /** The range in use: set from the EMA after every training batch, or by calibration. */
    @JsonProperty
    private double min;
    @JsonProperty
    private double max;
    @JsonProperty
    private boolean frozen;

    @JsonIgnore
    private transient boolean calibrating;
    @JsonIgnore
    private transient double globalMin = Double.POSITIVE_INFINITY;
    @JsonIgnore
    private transient double globalMax = Double.NEGATIVE_INFINITY;
    @JsonIgnore
    private transient double sumMin;
    @JsonIgnore
    private transient double sumMax;
    @JsonIgnore
    private transient double sumMean;
    @JsonIgnore
    private transient double sumStd;
    @JsonIgnore
    private transient int batches;

    /** For JSON. */
    public FakeQuantActivation() {
    }

    public FakeQuantActivation(IActivation inner, int bits, QuantMode mode, double emaDecay) {
        this.inner = inner;
        this.bits = bits;
        this.mode = mode;
        this.emaDecay = emaDecay;
    }

    public IActivation inner() {
        return inner;
    }

    public int bits() {
        return bits;
    }

    /** Whether a range is known (after one training batch or calibration). */
    public boolean hasRange() {
        return frozen || steps > 0;
    }

    /** The quantizer for the current range (scale rounded to float, as the integer model stores it). */
    public LinearQuantParams params() {
        LinearQuantParams p = mode.params(min, max, bits);
        return new LinearQuantParams((float) p.scale(), p.zeroPoint(), p.qmin(), p.qmax());
    }

    /** From now on only record statistics of the float activations (post-training calibration). */
    public void startCalibration() {
        calibrating = true;
    }

    /** Fixes the range from the statistics recorded since {@link #startCalibration} and starts quantizing. */
    public void finishCalibration(ClipMode clip, double nStds) {
        if (batches == 0) {
            throw new IllegalStateException("no calibration batch was seen");
        }
        switch (clip) {
            case NONE -> {
                min = globalMin;
                max = globalMax;
            }
            case AVG -> {
                min = sumMin / batches;
                max = sumMax / batches;
            }
            default -> {
                double mean = sumMean / batches;
                double std = sumStd / batches;
                min = Math.max(globalMin, mean - nStds * std);
                max = Math.min(globalMax, mean + nStds * std);
            }
        }
        calibrating = false;
        frozen = true;
    }

    /** Fixes the current range: evaluation-only from now on. */
    public void freeze() {
        frozen = true;
    }

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        INDArray a = inner.getActivation(in, training);
        if (calibrating) {
            observe(a);
            return a;
        }
        if (training && !frozen) {
            steps++;
            biasedMin = emaDecay * biasedMin + (1 - emaDecay) * a.minNumber().doubleValue();
            biasedMax = emaDecay * biasedMax + (1 - emaDecay) * a.maxNumber().doubleValue();
            double correction = 1 - Math.pow(emaDecay, steps);
            min = biasedMin / correction;
            max = biasedMax / correction;
        }
        if (!hasRange()) {
            return a;
        }
        LinearQuantParams p = params();
        a.divi(p.scale());
        Transforms.round(a, false);
        Transforms.max(a, p.qmin() - p.zeroPoint(), false);
        Transforms.min(a, p.qmax() - p.zeroPoint(), false);
        return a.muli(p.scale());
    }

    private void observe(INDArray a) {
        double lo = a.minNumber().doubleValue();
        double hi = a.maxNumber().doubleValue();
        globalMin = Math.min(globalMin, lo);
        globalMax = Math.max(globalMax, hi);
        sumMin += lo;
        sumMax += hi;
        sumMean += a.meanNumber().doubleValue();
        sumStd += a.stdNumber().doubleValue();
        batches++;
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        if (calibrating || !hasRange()) {
            return inner.backprop(in, epsilon);
        }
        LinearQuantParams p = params();
        INDArray a = inner.getActivation(in.dup(), true);
        INDArray inside = a.lte(p.clipMax());
        if (p.clipMin() < 0 || !(inner instanceof org.nd4j.linalg.activations.impl.ActivationReLU)) {
            inside = Transforms.and(inside, a.gte(p.clipMin()));
        }
        INDArray passed = epsilon.mul(inside.castTo(epsilon.dataType()));
        return inner.backprop(in, passed);
    }

    @Override
    public String toString() {
        return "fakequant(" + inner + ", " + bits + " bits " + mode + ")";
    }
}
