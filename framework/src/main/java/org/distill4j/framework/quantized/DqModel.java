package org.distill4j.framework.quantized;

import static org.distill4j.policies.quantization.DqModelWriter.ACT_IDENTITY;
import static org.distill4j.policies.quantization.DqModelWriter.ACT_RELU;
import static org.distill4j.policies.quantization.DqModelWriter.AVGPOOL;
import static org.distill4j.policies.quantization.DqModelWriter.BIAS_FLOAT;
import static org.distill4j.policies.quantization.DqModelWriter.BIAS_INT32;
import static org.distill4j.policies.quantization.DqModelWriter.CONV;
import static org.distill4j.policies.quantization.DqModelWriter.DENSE;
import static org.distill4j.policies.quantization.DqModelWriter.MAXPOOL;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.InflaterInputStream;
import org.distill4j.framework.experiment.ModelFileException;
import org.distill4j.policies.quantization.DqModelWriter;

/**
 * A {@code .dq} integer model (see {@link DqModelWriter} for the format) and its evaluator. Layers
 * whose input and weights are both integers run in integer arithmetic: products of
 * {@code (w − z_w)·(x − z_x)} accumulated in 32 bits plus an int32 bias, then requantized to the
 * next layer's 8-bit codes with a fixed-point multiplier {@code M = s_w·s_x/s_out = m0·2^−shift}
 * ({@code m0} a 31-bit integer) and the ReLU as a clamp at the zero point. Max pooling compares
 * codes. Layers kept in float run in float on dequantized inputs. The last layer's accumulators are
 * scaled to float logits, whose argmax is the prediction.
 */
public final class DqModel {
    private final int[] inputShape;
    private final float inputScale;
    private final int inputZeroPoint;
    private final List<DqLayer> layers;

    private DqModel(int[] inputShape, float inputScale, int inputZeroPoint, List<DqLayer> layers) {
        this.inputShape = inputShape;
        this.inputScale = inputScale;
        this.inputZeroPoint = inputZeroPoint;
        this.layers = layers;
    }

    /** Whether the file starts with the {@code .dq} magic. */
    public static boolean isDq(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(4), DqModelWriter.MAGIC);
        } catch (IOException e) {
            return false;
        }
    }

    public static DqModel read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ModelFileException(file + ": no such model file");
        }
        try {
            return parse(file);
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace(file + ": ", "");
            throw new ModelFileException(file + ": not a readable .dq integer model (" + why + ")");
        }
    }

    private static DqModel parse(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            DataInputStream head = new DataInputStream(raw);
            byte[] magic = head.readNBytes(4);
            if (!Arrays.equals(magic, DqModelWriter.MAGIC)) {
                throw new IOException(file + ": not a .dq integer model");
            }
            int version = head.readUnsignedByte();
            if (version != DqModelWriter.VERSION) {
                throw new IOException(file + ": .dq version " + version + ", this reader knows " + DqModelWriter.VERSION);
            }
            int compression = head.readUnsignedByte();
            DataInputStream d = new DataInputStream(compression == 1 ? new InflaterInputStream(raw) : raw);
            int[] shape = {d.readInt(), d.readInt(), d.readInt()};
            d.readUnsignedByte(); // input bits (8)
            float scale = d.readFloat();
            int zp = d.readInt();
            int count = d.readUnsignedShort();
            List<DqLayer> layers = new ArrayList<>();
            Requant in = new Requant(scale, zp, 0, 255);
            for (int i = 0; i < count; i++) {
                int kind = d.readUnsignedByte();
                String name = d.readUTF();
                DqLayer layer = switch (kind) {
                    case CONV -> DqLayer.conv(name, d, in);
                    case DENSE -> DqLayer.dense(name, d, in);
                    case MAXPOOL, AVGPOOL -> DqLayer.pool(name, kind, d);
                    default -> throw new IOException(file + ": unknown layer kind " + kind);
                };
                if (layer.out() != null || layer.kind() == CONV || layer.kind() == DENSE) {
                    in = layer.out();
                }
                layers.add(layer);
            }
            return new DqModel(shape, scale, zp, List.copyOf(layers));
        }
    }

    public List<DqLayer> layers() {
        return layers;
    }

    /** The final layer's outputs (float logits or probabilities) for one image given as floats in [0, 1]. */
    public float[] forward(float[] pixels, int offset) {
        int n = inputShape[0] * inputShape[1] * inputShape[2];
        int[] codes = new int[n];
        float inv = 1f / inputScale;
        for (int i = 0; i < n; i++) {
            codes[i] = Math.max(0, Math.min(255, Math.round(pixels[offset + i] * inv) + inputZeroPoint));
        }
        Activations a = Activations.ints(codes, new Requant(inputScale, inputZeroPoint, 0, 255),
                inputShape[0], inputShape[1], inputShape[2]);
        for (DqLayer layer : layers) {
            a = layer.apply(a);
        }
        return a.toFloat();
    }

    /** Top-1 predictions for {@code count} images stored row after row in {@code pixels}. */
    public int[] predict(float[] pixels, int count) {
        int n = inputShape[0] * inputShape[1] * inputShape[2];
        int[] out = new int[count];
        java.util.stream.IntStream.range(0, count).forEach(i -> out[i] = argmax(forward(pixels, i * n)));
        return out;
    }

    /** The fraction of images whose top-1 prediction equals the label; features as {@code [N, C·H·W]} in [0, 1]. */
    public double top1(org.nd4j.linalg.api.ndarray.INDArray features, int[] labels) {
        float[] pixels = features.dup('c').data().asFloat();
        int[] predicted = predict(pixels, labels.length);
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }
        return (double) correct / labels.length;
    }

    /** Images per second of {@link #predict} over the given features (median of {@code repeats} passes after a warm-up). */
    public double throughput(org.nd4j.linalg.api.ndarray.INDArray features, int repeats) {
        float[] pixels = features.dup('c').data().asFloat();
        int count = (int) features.size(0);
        predict(pixels, count);
        double[] rates = new double[Math.max(1, repeats)];
        for (int i = 0; i < rates.length; i++) {
            long start = System.nanoTime();
            predict(pixels, count);
            rates[i] = count / ((System.nanoTime() - start) / 1e9);
        }
        Arrays.sort(rates);
        return rates[rates.length / 2];
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Activations between layers: integer codes with their quantizer, or floats; c-order CHW. */
    record Activations(int[] codes, float[] values, Requant q, int c, int h, int w) {
        static Activations ints(int[] codes, Requant q, int c, int h, int w) {
            return new Activations(codes, null, q, c, h, w);
        }

        static Activations floats(float[] values, int c, int h, int w) {
            return new Activations(null, values, null, c, h, w);
        }

        boolean isInt() {
            return codes != null;
        }

        float[] toFloat() {
            if (values != null) {
                return values;
            }
            float[] f = new float[codes.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = q.scale() * (codes[i] - q.zeroPoint());
            }
            return f;
        }
    }

    /** A quantizer as the file stores it. */
    record Requant(float scale, int zeroPoint, int qmin, int qmax) {
        int quantize(float x) {
            return Math.max(qmin, Math.min(qmax, Math.round(x / scale) + zeroPoint));
        }
    }

    static int[] readCodes(DataInputStream d, int n, int bits, int offset, int step) throws IOException {
        byte[] packed = d.readNBytes((int) (((long) n * bits + 7) / 8));
        int[] v = new int[n];
        long bit = 0;
        for (int i = 0; i < n; i++) {
            int code = 0;
            for (int b = 0; b < bits; b++, bit++) {
                code |= ((packed[(int) (bit >> 3)] >> (bit & 7)) & 1) << b;
            }
            v[i] = offset + step * code;
        }
        return v;
    }

    static float relu(float x, int act) {
        return act == ACT_RELU && x < 0 ? 0 : x;
    }

    static float[] finish(float[] values, int act) {
        if (act == ACT_RELU) {
            for (int i = 0; i < values.length; i++) {
                values[i] = Math.max(0, values[i]);
            }
        } else if (act != ACT_IDENTITY) { // softmax
            float max = Float.NEGATIVE_INFINITY;
            for (float v : values) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) Math.exp(values[i] - max);
                sum += values[i];
            }
            for (int i = 0; i < values.length; i++) {
                values[i] /= sum;
            }
        }
        return values;
    }

    static boolean isBiasInt(int kind) {
        return kind == BIAS_INT32;
    }

    static boolean isBiasFloat(int kind) {
        return kind == BIAS_FLOAT;
    }
}
