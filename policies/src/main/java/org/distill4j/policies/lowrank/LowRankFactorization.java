package org.distill4j.policies.lowrank;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.distill4j.policies.surgery.MultiLayerSurgery;
import org.distill4j.policies.surgery.NewLayer;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Replaces layers of a {@link MultiLayerNetwork} by two thinner layers from a truncated SVD of
 * their weight (Denton et al., "Exploiting linear structure within convolutional networks for
 * efficient evaluation", NIPS 2014; Xue, Li and Gong, "Restructuring of deep neural network acoustic
 * models with singular value decomposition", Interspeech 2013).
 *
 * <p>The weight is read as a matrix {@code A [m, n]} from inputs to outputs and factorized as
 * {@code A ≈ (U_r·√S_r)·(√S_r·V_rᵀ)}: the square root of the singular values goes to both factors,
 * so both have the same scale (which keeps their gradients balanced in fine-tuning).
 * <ul>
 * <li>Dense or output layer {@code fc1}, {@code W [nIn, nOut]} ({@code A = W}): {@code fc1_u} is a
 *     dense layer {@code nIn → r} without bias and with identity activation; {@code fc1_v} is the
 *     original layer with {@code nIn = r}, its bias, activation (and loss, for an output layer).</li>
 * <li>Convolution {@code conv2}, {@code W [nOut, nIn, kH, kW]}
 *     ({@code A = reshape(W, [nOut, nIn·kH·kW])ᵀ}): {@code conv2_u} is the original convolution
 *     (kernel, stride, padding, dilation, mode) with {@code r} filters, no bias, identity
 *     activation; {@code conv2_v} a 1×1 convolution {@code r → nOut} with stride 1, the original bias
 *     and activation.</li>
 * </ul>
 * At full rank the product is the original weight up to float rounding. The new layers take the
 * original layer's updater, regularization, weight init and weight noise; input dropout stays in
 * front of {@code _u}. Optimizer state: untouched layers keep theirs, the two new layers start
 * fresh (see {@link MultiLayerSurgery}).
 */
public final class LowRankFactorization {
    /** Suffix of the first new layer (input → rank). */
    public static final String FIRST_SUFFIX = "_u";
    /** Suffix of the second new layer (rank → outputs). */
    public static final String SECOND_SUFFIX = "_v";

    private LowRankFactorization() {
    }

    /** The factorized network and what was done to each layer. */
    public record Result(MultiLayerNetwork network, List<LayerFactorization> layers) {
    }

    /**
     * Whether a layer configuration can be factorized: a dense, output or 2-D convolution layer —
     * exactly DL4J's {@code DenseLayer}, {@code OutputLayer}, {@code ConvolutionLayer}, or a subclass
     * of one of them from outside DL4J that keeps its parameters (distill4j's
     * {@code FastConvolutionLayer}, say). DL4J's own convolution subclasses (depthwise, separable,
     * deconvolution, 1-D, 3-D) have other weight layouts and are refused.
     */
    public static boolean isFactorizable(org.deeplearning4j.nn.conf.layers.Layer conf) {
        return isConvolution(conf) || plain(conf, DenseLayer.class) || plain(conf, OutputLayer.class);
    }

    private static boolean isConvolution(org.deeplearning4j.nn.conf.layers.Layer conf) {
        return plain(conf, ConvolutionLayer.class);
    }

    private static boolean plain(org.deeplearning4j.nn.conf.layers.Layer conf, Class<?> base) {
        return conf.getClass() == base
                || base.isInstance(conf) && !conf.getClass().getName().startsWith("org.deeplearning4j.");
    }

    /**
     * {@code min(m, n)} of a factorizable layer's weight matrix (the largest meaningful rank).
     */
    public static int fullRank(org.deeplearning4j.nn.conf.layers.Layer conf) {
        long[] mn = matrixShape(conf);
        return (int) Math.min(mn[0], mn[1]);
    }

    /** {@code [m, n]} of the weight matrix: {@code [nIn, nOut]} or {@code [nIn·kH·kW, nOut]}. */
    public static long[] matrixShape(org.deeplearning4j.nn.conf.layers.Layer conf) {
        if (isConvolution(conf)) {
            ConvolutionLayer conv = (ConvolutionLayer) conf;
            int[] k = conv.getKernelSize();
            return new long[] {conv.getNIn() * k[0] * k[1], conv.getNOut()};
        }
        if (conf instanceof FeedForwardLayer ff && isFactorizable(conf)) {
            return new long[] {ff.getNIn(), ff.getNOut()};
        }
        throw new IllegalArgumentException("layer " + conf.getLayerName() + " (" + conf.getClass().getSimpleName()
                + ") cannot be factorized: only DenseLayer, OutputLayer and ConvolutionLayer (or a non-DL4J subclass)");
    }

    /**
     * Factorizes the named layers; the network given is not changed.
     *
     * @param rules layer name → how to choose its rank
     * @throws IllegalArgumentException for an unknown or unsupported layer, or a rank above full rank
     */
    public static Result factorize(MultiLayerNetwork net, Map<String, RankRule> rules) {
        Map<String, List<NewLayer>> replacements = new LinkedHashMap<>();
        List<LayerFactorization> done = new ArrayList<>();
        Layer[] layers = net.getLayers();
        Map<String, Layer> byName = new LinkedHashMap<>();
        for (int i = 0; i < layers.length; i++) {
            byName.put(MultiLayerSurgery.nameOf(layers[i].conf().getLayer(), i), layers[i]);
        }
        for (String name : byName.keySet()) {
            RankRule rule = rules.get(name);
            if (rule == null) {
                continue;
            }
            Layer layer = byName.get(name);
            try {
                replacements.put(name, factorizeLayer(name, layer, rule, done));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
            }
        }
        for (String name : rules.keySet()) {
            if (!byName.containsKey(name)) {
                throw new IllegalArgumentException("no layer '" + name + "' to factorize; layers: " + byName.keySet());
            }
        }
        return new Result(MultiLayerSurgery.replace(net, replacements), List.copyOf(done));
    }

    private static List<NewLayer> factorizeLayer(String name, Layer layer, RankRule rule, List<LayerFactorization> done) {
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        long[] mn = matrixShape(conf);
        long m = mn[0];
        long n = mn[1];
        Map<String, INDArray> params = layer.paramTable();
        INDArray w = params.get("W");
        INDArray bias = params.get("b");
        long biasCount = bias == null ? 0 : bias.length();
        boolean conv = isConvolution(conf);
        if (w == null || w.rank() != (conv ? 4 : 2) || w.length() != m * n) {
            throw new IllegalArgumentException("unexpected weight " + (w == null ? "(none)" : java.util.Arrays.toString(w.shape())));
        }
        INDArray matrix = conv ? w.reshape('c', n, m).transpose() : w;
        TruncatedSvd svd = TruncatedSvd.of(matrix);
        int rank = rule.choose(m, n, biasCount, svd.singularValues());
        DataType type = w.dataType();
        INDArray left = svd.left(rank, type);       // [m, r]
        INDArray right = svd.right(rank, type);     // [r, n]

        String first = name + FIRST_SUFFIX;
        String second = name + SECOND_SUFFIX;
        BaseLayer original = (BaseLayer) conf;
        NewLayer a;
        BaseLayer b = (BaseLayer) original.clone();
        b.setLayerName(second);
        b.setIDropout(null);
        Map<String, INDArray> secondParams = new LinkedHashMap<>(params);
        if (conv) {
            ConvolutionLayer firstConf = (ConvolutionLayer) original.clone();
            firstConf.setLayerName(first);
            firstConf.setNOut(rank);
            firstConf.setHasBias(false);
            firstConf.setActivationFn(new ActivationIdentity());
            int[] k = firstConf.getKernelSize();
            a = new NewLayer(firstConf, Map.of("W", left.transpose().dup('c').reshape('c', rank, m / (k[0] * k[1]), k[0], k[1])));
            ConvolutionLayer secondConf = (ConvolutionLayer) b;
            secondConf.setNIn(rank);
            secondConf.setKernelSize(new int[] {1, 1});
            secondConf.setStride(new int[] {1, 1});
            secondConf.setPadding(new int[] {0, 0});
            secondConf.setDilation(new int[] {1, 1});
            secondParams.put("W", right.transpose().dup('c').reshape('c', n, rank, 1, 1));
        } else {
            DenseLayer firstConf = new DenseLayer.Builder().name(first).nIn(m).nOut(rank).hasBias(false)
                    .activation(new ActivationIdentity()).build();
            copySettings(original, firstConf);
            a = new NewLayer(firstConf, Map.of("W", left));
            ((FeedForwardLayer) b).setNIn(rank);
            secondParams.put("W", right);
        }
        long before = 0;
        for (INDArray p : params.values()) {
            before += p.length();
        }
        long after = m * rank + rank * n + (before - m * n);
        done.add(new LayerFactorization(name, first, second, rank, (int) Math.min(m, n), rule, before, after,
                svd.energy(rank)));
        return List.of(a, new NewLayer(b, secondParams));
    }

    /** The per-layer training settings a new layer takes over from the layer it replaces. */
    private static void copySettings(BaseLayer from, BaseLayer to) {
        to.setIUpdater(from.getIUpdater());
        to.setBiasUpdater(from.getBiasUpdater());
        to.setRegularization(from.getRegularization());
        to.setRegularizationBias(from.getRegularizationBias());
        to.setWeightInitFn(from.getWeightInitFn());
        to.setWeightNoise(from.getWeightNoise());
        to.setGradientNormalization(from.getGradientNormalization());
        to.setGradientNormalizationThreshold(from.getGradientNormalizationThreshold());
        to.setIDropout(from.getIDropout());
    }
}
