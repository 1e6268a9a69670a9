package org.distill4j.policies.quantization;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
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
 * the inner function. Contiguous float arrays are processed in one heap pass each way (with a ReLU
 * inside, its slope and the clipping mask together) instead of a chain of native ops: this runs for
 * every layer on every training step.
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
    /** Per thread: DL4J shares one activation function between a network's configuration clones. Lazy: not serialized. */
    @JsonIgnore
    private transient ThreadLocal<HeapCopy.Buffers> buffers;

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
        float[] values = HeapCopy.contiguousFloat(a) ? HeapCopy.read(a, buffers().first(a.length())) : null;
        if (training && !frozen) {
            steps++;
            double lo;
            double hi;
            if (values != null) {
                float mn = Float.POSITIVE_INFINITY;
                float mx = Float.NEGATIVE_INFINITY;
                for (int i = 0, n = (int) a.length(); i < n; i++) {
                    mn = Math.min(mn, values[i]);
                    mx = Math.max(mx, values[i]);
                }
                lo = mn;
                hi = mx;
            } else {
                lo = a.minNumber().doubleValue();
                hi = a.maxNumber().doubleValue();
            }
            biasedMin = emaDecay * biasedMin + (1 - emaDecay) * lo;
            biasedMax = emaDecay * biasedMax + (1 - emaDecay) * hi;
            double correction = 1 - Math.pow(emaDecay, steps);
            min = biasedMin / correction;
            max = biasedMax / correction;
        }
        if (!hasRange()) {
            return a;
        }
        LinearQuantParams p = params();
        float s = (float) p.scale();
        float lo = p.qmin() - p.zeroPoint();
        float hi = p.qmax() - p.zeroPoint();
        if (values != null) {
            // one heap pass instead of five native ops. Math.round rounds the quotient exactly (x + 0.5f
            // would itself round in float), half up like the integer evaluator's requantization
            for (int i = 0, n = (int) a.length(); i < n; i++) {
                values[i] = s * Math.max(lo, Math.min(hi, Math.round(values[i] / s)));
            }
            return HeapCopy.write(values, a);
        }
        a.divi(s);
        Transforms.round(a, false); // half away from zero: the same as above for the usual non-negative activations
        Transforms.max(a, lo, false);
        Transforms.min(a, hi, false);
        return a.muli(s);
    }

    private HeapCopy.Buffers buffers() {
        if (buffers == null) {
            buffers = ThreadLocal.withInitial(HeapCopy.Buffers::new);
        }
        return buffers.get();
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
        if (isPlainReLU(inner) && HeapCopy.sameContiguousLayout(in, epsilon)) {
            // dL/dz = epsilon where 0 < z <= clipMax (ReLU's slope times the clipping mask), written over in
            float[] z = HeapCopy.read(in, buffers().first(in.length()));
            float[] e = HeapCopy.read(epsilon, buffers().second(in.length()));
            float hi = (float) p.clipMax();
            for (int i = 0, n = (int) in.length(); i < n; i++) {
                z[i] = z[i] > 0 && z[i] <= hi ? e[i] : 0f;
            }
            return new Pair<>(HeapCopy.write(z, in), null);
        }
        INDArray a = inner.getActivation(in.dup(), true);
        INDArray inside = a.lte(p.clipMax());
        if (p.clipMin() < 0 || !(inner instanceof ActivationReLU)) {
            inside = Transforms.and(inside, a.gte(p.clipMin()));
        }
        INDArray passed = epsilon.mul(inside.castTo(epsilon.dataType()));
        return inner.backprop(in, passed);
    }

    /** A ReLU without cap, threshold or leak: its slope is 1 exactly where z > 0. */
    private static boolean isPlainReLU(IActivation activation) {
        return activation instanceof ActivationReLU relu && activation.getClass() == ActivationReLU.class
                && relu.getMax() == null && relu.getNegativeSlope() == null
                && (relu.getThreshold() == null || relu.getThreshold() == 0.0);
    }

    @Override
    public String toString() {
        return "fakequant(" + inner + ", " + bits + " bits " + mode + ")";
    }
}
