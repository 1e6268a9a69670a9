package org.distill4j.policies.quantization;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes a network with fake quantization installed as a {@code .dq} integer model (version 1).
 *
 * <pre>
 * "DQ4J" u8 version=1 u8 compression (1 = the rest is DEFLATE)
 * input: i32 C, H, W; u8 bits; f32 scale (1/255); i32 zero point (0)
 * u16 layer count, then per layer: u8 kind, UTF name, and
 *   CONV  (1): i32 nOut nIn kH kW sH sW padTop padLeft outH outW; u8 activation; weights; output
 *   DENSE (2): i32 nOut nIn; u8 activation; weights; output
 *   MAXPOOL (3) / AVGPOOL (4): i32 kH kW sH sW padTop padLeft outH outW
 * activation: 0 identity, 1 ReLU, 2 softmax
 * weights: u8 bits (0 = float32)
 *   float: f32[nOut·rest] weights ([out][rest]), u8 has bias, f32[nOut] bias
 *   quantized: u8 scheme (0 linear, 1 DoReFa, 2 ternary); i32 groups (1 or nOut); f32[groups] scales;
 *     i32[groups] zero points; i32 code offset; i32 code step; packed codes, bits each, LSB first
 *     (weight = offset + step·code); u8 bias kind (0 none, 1 f32[nOut], 2 i32[nOut] with scale s_w[c]·s_in)
 * output: u8 bits (0 = float); f32 scale; i32 zero point; i32 qmin; i32 qmax
 * </pre>
 * A flattening between convolution and dense layers is implicit (activations are kept as
 * c-order CHW). Only identity/ReLU (softmax on the last layer) activations, convolution, pooling
 * and dense layers are supported; anything else is an error naming the layer.
 */
public final class DqModelWriter {
    public static final byte[] MAGIC = {'D', 'Q', '4', 'J'};
    public static final int VERSION = 1;
    public static final int CONV = 1;
    public static final int DENSE = 2;
    public static final int MAXPOOL = 3;
    public static final int AVGPOOL = 4;
    public static final int ACT_IDENTITY = 0;
    public static final int ACT_RELU = 1;
    public static final int ACT_SOFTMAX = 2;
    public static final int BIAS_NONE = 0;
    public static final int BIAS_FLOAT = 1;
    public static final int BIAS_INT32 = 2;

    private DqModelWriter() {
    }

    public static void write(MultiLayerNetwork net, OutputStream out) throws IOException {
        DataOutputStream head = new DataOutputStream(out);
        head.write(MAGIC);
        head.writeByte(VERSION);
        head.writeByte(1);
        head.flush();
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        DeflaterOutputStream z = new DeflaterOutputStream(out, deflater, 1 << 16);
        DataOutputStream d = new DataOutputStream(z);
        int[] chw = inputShape(net);
        d.writeInt(chw[0]);
        d.writeInt(chw[1]);
        d.writeInt(chw[2]);
        LinearQuantParams input = new LinearQuantParams(1f / 255f, 0, 0, 255);
        d.writeByte(8);
        d.writeFloat((float) input.scale());
        d.writeInt(0);
        Layer[] layers = net.getLayers();
        d.writeShort(layers.length);
        LinearQuantParams in = input;
        int c = chw[0];
        int h = chw[1];
        int w = chw[2];
        for (int i = 0; i < layers.length; i++) {
            org.deeplearning4j.nn.conf.layers.Layer conf = layers[i].conf().getLayer();
            InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(i);
            if (pre != null && !(pre instanceof CnnToFeedForwardPreProcessor) && !(pre instanceof FeedForwardToCnnPreProcessor)) {
                throw unsupported(conf, "input preprocessor " + pre.getClass().getSimpleName());
            }
            String name = conf.getLayerName();
            if (conf instanceof ConvolutionLayer conv && isPlainConvolution(conv)) {
                int[] k = conv.getKernelSize();
                int[] s = conv.getStride();
                int[] p = conv.getPadding();
                int[] dil = conv.getDilation();
                if (dil[0] != 1 || dil[1] != 1) {
                    throw unsupported(conf, "dilation");
                }
                int[] geometry = geometry(conv.getConvolutionMode(), h, w, k, s, p);
                d.writeByte(CONV);
                d.writeUTF(name);
                int nOut = (int) conv.getNOut();
                for (int v : new int[]{nOut, c, k[0], k[1], s[0], s[1], geometry[0], geometry[1], geometry[2], geometry[3]}) {
                    d.writeInt(v);
                }
                d.writeByte(activationCode(conf, conv.getActivationFn(), i == layers.length - 1));
                writeWeights(d, layers[i], conv, in);
                in = writeOutput(d, conv);
                c = nOut;
                h = geometry[2];
                w = geometry[3];
            } else if (conf instanceof SubsamplingLayer pool && pool.getClass() == SubsamplingLayer.class) {
                int[] k = pool.getKernelSize();
                int[] s = pool.getStride();
                int[] geometry = geometry(pool.getConvolutionMode(), h, w, k, s, pool.getPadding());
                int kind = switch (pool.getPoolingType()) {
                    case MAX -> MAXPOOL;
                    case AVG -> AVGPOOL;
                    default -> throw unsupported(conf, "pooling " + pool.getPoolingType());
                };
                d.writeByte(kind);
                d.writeUTF(name);
                for (int v : new int[]{k[0], k[1], s[0], s[1], geometry[0], geometry[1], geometry[2], geometry[3]}) {
                    d.writeInt(v);
                }
                h = geometry[2];
                w = geometry[3];
            } else if (conf instanceof FeedForwardLayer ff && conf instanceof BaseLayer base
                    && layers[i].paramTable().containsKey("W") && !(conf instanceof ConvolutionLayer)) {
                int nOut = (int) ff.getNOut();
                d.writeByte(DENSE);
                d.writeUTF(name);
                d.writeInt(nOut);
                d.writeInt((int) ff.getNIn());
                d.writeByte(activationCode(conf, base.getActivationFn(), i == layers.length - 1));
                writeWeights(d, layers[i], base, in);
                in = writeOutput(d, base);
                c = nOut;
                h = 1;
                w = 1;
            } else {
                throw unsupported(conf, "layer type " + conf.getClass().getSimpleName());
            }
        }
        d.flush();
        z.finish();
        deflater.end();
        out.flush();
    }

    /** A 2-d convolution computed as DL4J's own (a subclass that only computes it faster counts). */
    private static boolean isPlainConvolution(ConvolutionLayer conv) {
        return !(conv instanceof org.deeplearning4j.nn.conf.layers.Convolution1DLayer
                || conv instanceof org.deeplearning4j.nn.conf.layers.Deconvolution2D
                || conv instanceof org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D
                || conv instanceof org.deeplearning4j.nn.conf.layers.SeparableConvolution2D
                || conv instanceof org.deeplearning4j.nn.conf.layers.Convolution3D);
    }

    /** {padTop, padLeft, outH, outW}. */
    private static int[] geometry(ConvolutionMode mode, int h, int w, int[] k, int[] s, int[] p) {
        if (mode == ConvolutionMode.Same) {
            int oh = (h + s[0] - 1) / s[0];
            int ow = (w + s[1] - 1) / s[1];
            int ph = Math.max(0, (oh - 1) * s[0] + k[0] - h);
            int pw = Math.max(0, (ow - 1) * s[1] + k[1] - w);
            return new int[]{ph / 2, pw / 2, oh, ow};
        }
        return new int[]{p[0], p[1], (h + 2 * p[0] - k[0]) / s[0] + 1, (w + 2 * p[1] - k[1]) / s[1] + 1};
    }

    private static int[] inputShape(MultiLayerNetwork net) {
        InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(0);
        if (pre instanceof FeedForwardToCnnPreProcessor f) {
            return new int[]{(int) f.getNumChannels(), (int) f.getInputHeight(), (int) f.getInputWidth()};
        }
        org.deeplearning4j.nn.conf.layers.Layer first = net.getLayer(0).conf().getLayer();
        if (first instanceof FeedForwardLayer ff && !(first instanceof ConvolutionLayer)) {
            return new int[]{(int) ff.getNIn(), 1, 1};
        }
        throw unsupported(first, "input (a convolution needs convolutionalFlat input)");
    }

    private static int activationCode(org.deeplearning4j.nn.conf.layers.Layer conf, IActivation fn, boolean last) {
        IActivation a = fn instanceof FakeQuantActivation q ? q.inner() : fn;
        if (a instanceof ActivationIdentity) {
            return ACT_IDENTITY;
        }
        if (a instanceof ActivationReLU r && r.getMax() == null && r.getThreshold() == null && r.getNegativeSlope() == null) {
            return ACT_RELU;
        }
        if (a instanceof ActivationSoftmax && last) {
            return ACT_SOFTMAX;
        }
        throw unsupported(conf, "activation " + a);
    }

    private static void writeWeights(DataOutputStream d, Layer layer, BaseLayer conf, LinearQuantParams in) throws IOException {
        INDArray wArr = layer.getParam("W");
        INDArray bArr = layer.paramTable().get("b");
        float[] bias = bArr == null ? null : bArr.dup().data().asFloat();
        if (!(conf.getWeightNoise() instanceof FakeQuantWeightNoise noise)) {
            d.writeByte(0);
            for (float v : FakeQuantWeightNoise.layout(wArr)) {
                d.writeFloat(v);
            }
            d.writeByte(bias == null ? 0 : 1);
            if (bias != null) {
                for (float v : bias) {
                    d.writeFloat(v);
                }
            }
            return;
        }
        QuantizedWeights q = noise.quantize(wArr);
        d.writeByte(q.bits());
        d.writeByte(noise.quantizer().scheme().ordinal());
        d.writeInt(q.scales().length);
        for (float s : q.scales()) {
            d.writeFloat(s);
        }
        for (int zp : q.zeroPoints()) {
            d.writeInt(zp);
        }
        d.writeInt(q.codeOffset());
        d.writeInt(q.codeStep());
        d.write(pack(q));
        if (bias == null) {
            d.writeByte(BIAS_NONE);
        } else if (in == null) {
            d.writeByte(BIAS_FLOAT);
            for (float v : bias) {
                d.writeFloat(v);
            }
        } else {
            d.writeByte(BIAS_INT32);
            for (int ch = 0; ch < bias.length; ch++) {
                double s = (double) q.scale(ch) * (float) in.scale();
                d.writeInt(s == 0 ? 0 : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Math.round(bias[ch] / s))));
            }
        }
    }

    private static LinearQuantParams writeOutput(DataOutputStream d, BaseLayer conf) throws IOException {
        if (conf.getActivationFn() instanceof FakeQuantActivation a && a.hasRange()) {
            LinearQuantParams p = a.params();
            d.writeByte(a.bits());
            d.writeFloat((float) p.scale());
            d.writeInt(p.zeroPoint());
            d.writeInt(p.qmin());
            d.writeInt(p.qmax());
            return p;
        }
        d.writeByte(0);
        return null;
    }

    /** Codes packed LSB first, {@code bits} each. */
    static byte[] pack(QuantizedWeights q) {
        int n = q.values().length;
        byte[] out = new byte[(int) (((long) n * q.bits() + 7) / 8)];
        long bit = 0;
        for (int i = 0; i < n; i++) {
            int code = q.code(i);
            for (int b = 0; b < q.bits(); b++, bit++) {
                if (((code >> b) & 1) != 0) {
                    out[(int) (bit >> 3)] |= (byte) (1 << (bit & 7));
                }
            }
        }
        return out;
    }

    /** Bits of each layer with weights: {@code bits_weights} (32 = float), {@code bits_activations} (32 = float), scheme. */
    public static Map<String, Map<String, Object>> layerBits(MultiLayerNetwork net) {
        Map<String, Map<String, Object>> result = new LinkedHashMap<>();
        for (Layer layer : net.getLayers()) {
            if (layer.conf().getLayer() instanceof BaseLayer conf && layer.paramTable().containsKey("W")) {
                Map<String, Object> m = new LinkedHashMap<>();
                if (conf.getWeightNoise() instanceof FakeQuantWeightNoise n) {
                    m.put("bits_weights", n.quantizer().bits());
                    m.put("scheme", n.quantizer().scheme().name().toLowerCase());
                    m.put("per_channel", n.quantizer().perChannel());
                    m.put("bits_bias", n.biasBits());
                } else {
                    m.put("bits_weights", 32);
                }
                m.put("bits_activations", conf.getActivationFn() instanceof FakeQuantActivation a ? a.bits() : 32);
                result.put(conf.getLayerName(), m);
            }
        }
        return result;
    }

    private static IllegalArgumentException unsupported(org.deeplearning4j.nn.conf.layers.Layer conf, String what) {
        return new IllegalArgumentException("layer " + conf.getLayerName() + ": the integer model does not support " + what);
    }
}
