package org.distill4j.policies.quantization;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.weightnoise.IWeightNoise;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Fake quantization of a layer's weights as DL4J weight noise: {@link #getParameter} returns the
 * quantized-then-dequantized weights on every forward pass (training and inference). DL4J caches
 * that array for the backward pass, so dL/dW is evaluated at the quantized weights and applied to
 * the float master weights: the straight-through estimator. {@code setWeightNoise(null)} restores
 * float behaviour exactly.
 *
 * <p>Saved into the model's JSON by class name (public no-argument constructor, {@code @JsonProperty}
 * fields with ND4J's shaded Jackson), so a saved QAT model restores fake-quantized when distill4j's
 * policies are on the classpath.
 *
 * <p>Weights are laid out {@code [output channel][rest]}: a dense {@code W [nIn, nOut]} in its 'f'
 * order, a convolution {@code W [nOut, nIn, kH, kW]} in 'c' order. Biases are fake-quantized
 * (symmetric, per tensor) only when {@code biasBits < 32}.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public class FakeQuantWeightNoise implements IWeightNoise {
    @JsonProperty
    private WeightScheme scheme = WeightScheme.LINEAR;
    @JsonProperty
    private int bits = 8;
    @JsonProperty
    private QuantMode mode = QuantMode.SYMMETRIC;
    @JsonProperty
    private boolean perChannel;
    @JsonProperty
    private int biasBits = 32;
    /**
     * Per runtime layer (weakly held, matched by identity: DL4J layers define equals over their
     * fields), the array {@link #getParameter} fills; never serialized.
     */
    @JsonIgnore
    private final transient List<Scratch> scratch = new ArrayList<>();

    /** For JSON. */
    public FakeQuantWeightNoise() {
    }

    public FakeQuantWeightNoise(WeightQuantizer quantizer, int biasBits) {
        this.scheme = quantizer.scheme();
        this.bits = quantizer.bits();
        this.mode = quantizer.mode();
        this.perChannel = quantizer.perChannel();
        this.biasBits = biasBits;
    }

    public WeightQuantizer quantizer() {
        return new WeightQuantizer(scheme, bits, mode, perChannel);
    }

    public int biasBits() {
        return biasBits;
    }

    /** The weights as integers, {@code [output channel][rest]}. */
    public QuantizedWeights quantize(INDArray weights) {
        return quantizer().quantize(layout(weights), channels(weights));
    }

    static int channels(INDArray w) {
        return (int) (w.rank() == 2 ? w.size(1) : w.size(0));
    }

    static char order(INDArray w) {
        return w.rank() == 2 ? 'f' : 'c';
    }

    /** The weights as {@code [output channel][rest]} floats. */
    public static float[] layout(INDArray w) {
        return w.dup(order(w)).data().asFloat();
    }

    @Override
    public INDArray getParameter(Layer layer, String paramKey, int iteration, int epoch, boolean train,
                                 LayerWorkspaceMgr workspaceMgr) {
        INDArray p = layer.getParam(paramKey);
        if ("W".equals(paramKey)) {
            if (p.dataType() != DataType.FLOAT) {
                float[] q = quantize(p).dequantize();
                return Nd4j.create(q, p.shape(), order(p)).castTo(p.dataType());
            }
            return fakeQuantizeInPlace(layer, p);
        }
        if ("b".equals(paramKey) && biasBits < 32) {
            float[] b = p.dup().data().asFloat();
            double min = 0;
            double max = 0;
            for (float v : b) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            LinearQuantParams qp = QuantMode.SYMMETRIC.params(min, max, Math.min(16, biasBits));
            float[] out = new float[b.length];
            for (int i = 0; i < b.length; i++) {
                out[i] = (float) qp.dequantize(qp.quantize(b[i]));
            }
            return Nd4j.create(out, p.shape(), p.ordering()).castTo(p.dataType());
        }
        return p;
    }

    /**
     * The fake-quantized weights in an array kept per runtime layer and refilled on every forward
     * pass: no per-step allocation off the heap. DL4J holds the returned array only until that
     * step's backward pass is done, and a layer's next forward pass comes after it.
     */
    private INDArray fakeQuantizeInPlace(Layer layer, INDArray p) {
        Scratch s = scratchFor(layer, p);
        s.weights().assign(p); // into the [output channel][rest] order
        quantizer().fakeQuantizeInPlace(HeapCopy.read(s.weights(), s.values()), channels(p));
        return HeapCopy.write(s.values(), s.weights());
    }

    private Scratch scratchFor(Layer layer, INDArray p) {
        synchronized (scratch) {
            scratch.removeIf(s -> s.layer().get() == null);
            for (Scratch s : scratch) {
                if (s.layer().get() == layer && Arrays.equals(s.weights().shape(), p.shape())) {
                    return s;
                }
            }
            scratch.removeIf(s -> s.layer().get() == layer);
            Scratch s = new Scratch(new WeakReference<>(layer),
                    Nd4j.createUninitialized(DataType.FLOAT, p.shape(), order(p)), new float[(int) p.length()]);
            scratch.add(s);
            return s;
        }
    }

    /** A layer's reused weight array and its heap copy. */
    private record Scratch(WeakReference<Layer> layer, INDArray weights, float[] values) {
    }

    @Override
    public FakeQuantWeightNoise clone() {
        FakeQuantWeightNoise c = new FakeQuantWeightNoise();
        c.scheme = scheme;
        c.bits = bits;
        c.mode = mode;
        c.perChannel = perChannel;
        c.biasBits = biasBits;
        return c;
    }

    @Override
    public String toString() {
        return "FakeQuantWeightNoise[" + scheme + " " + bits + " bits " + mode + (perChannel ? " per channel" : "") + "]";
    }
}
