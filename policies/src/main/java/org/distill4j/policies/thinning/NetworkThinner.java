package org.distill4j.policies.thinning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.distill4j.policies.surgery.MultiLayerSurgery;
import org.distill4j.policies.surgery.NewLayer;
import org.distill4j.policies.surgery.UpdaterStates;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Physically removes output units (convolution filters, dense neurons) of a layer of a
 * {@link MultiLayerNetwork}, and the matching inputs of the layer that consumes them, through
 * {@link MultiLayerSurgery}.
 *
 * <p>Between a producer (a convolution or dense layer) and its consumer (the next convolution,
 * dense or output layer) there may be sub-sampling, batch-normalization, activation and dropout
 * layers, and a conv→dense flattening: its c-order layout puts channel {@code c}'s features at
 * rows {@code c·H·W ... c·H·W + H·W - 1} of the dense weight. Batch normalization loses the same
 * channels.
 *
 * <p>The network computes the same function afterwards (up to float rounding) when every removed
 * unit either has all-zero incoming weights or is ignored by its consumer (all-zero outgoing
 * weights): a unit with zero incoming weights outputs the constant {@code activation(bias)},
 * carried through the batch normalization and activation layers in between, and that constant's
 * contribution is added to the consumer's bias. (Exact for convolutions without padding, as
 * LeNet-5's; with padding, border positions differ slightly. Pooling of a constant is the
 * constant.)
 *
 * <p>What the rebuilt network keeps: everything {@link MultiLayerSurgery} keeps, and for the
 * changed layers the remaining slices of the parameters and of the optimizer state (momentum,
 * Adam's moments), so training continues as if the removed units had never existed.
 */
public final class NetworkThinner {
    private NetworkThinner() {
    }

    /**
     * The rebuilt network, and for every parameter of a changed layer the function that cuts an
     * array of its old shape (a mask, say) to the new shape.
     */
    public record Result(MultiLayerNetwork network, Map<String, UnaryOperator<INDArray>> slicers, int removed) {
    }

    /** A producer layer, the layers its output passes, and the consumer. */
    record Chain(int producer, List<Integer> between, int consumer, long spatial) {
    }

    /** Whether {@code conf} is a layer this class can shrink: a plain convolution or a dense/output layer. */
    static boolean isThinnable(org.deeplearning4j.nn.conf.layers.Layer conf) {
        if (conf instanceof ConvolutionLayer) {
            return !(conf instanceof Deconvolution2D || conf instanceof DepthwiseConvolution2D
                    || conf instanceof SeparableConvolution2D);
        }
        return conf instanceof DenseLayer || conf instanceof OutputLayer;
    }

    /** The chain from producer {@code p} to its consumer; throws naming what is in the way. */
    static Chain chain(MultiLayerNetwork net, int p) {
        Layer[] layers = net.getLayers();
        var conf0 = layers[p].conf().getLayer();
        if (!isThinnable(conf0) || conf0 instanceof OutputLayer) {
            throw new IllegalArgumentException("cannot thin layer " + name(net, p) + " ("
                    + conf0.getClass().getSimpleName() + "): only hidden convolution and dense layers");
        }
        List<Integer> between = new ArrayList<>();
        for (int j = p + 1; j < layers.length; j++) {
            var c = layers[j].conf().getLayer();
            InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(j);
            if (pre != null && !(pre instanceof CnnToFeedForwardPreProcessor)) {
                throw new IllegalArgumentException("cannot thin " + name(net, p) + ": unsupported preprocessor "
                        + pre.getClass().getSimpleName() + " before " + name(net, j));
            }
            if (isThinnable(c)) {
                long spatial = 1;
                if (c instanceof ConvolutionLayer == false && conf0 instanceof ConvolutionLayer) {
                    if (!(pre instanceof CnnToFeedForwardPreProcessor flat)) {
                        throw new IllegalArgumentException("cannot thin " + name(net, p) + ": no conv->dense flattening before "
                                + name(net, j));
                    }
                    spatial = flat.getInputHeight() * flat.getInputWidth();
                }
                return new Chain(p, between, j, spatial);
            }
            if (c instanceof SubsamplingLayer || c instanceof BatchNormalization || c instanceof ActivationLayer
                    || c instanceof DropoutLayer) {
                between.add(j);
                continue;
            }
            throw new IllegalArgumentException("cannot thin " + name(net, p) + ": layer " + name(net, j) + " ("
                    + c.getClass().getSimpleName() + ") is between it and its consumer");
        }
        throw new IllegalArgumentException("cannot thin " + name(net, p) + ": no layer consumes its output");
    }

    /** The index of the producer whose units feed layer {@code consumer}'s inputs, or -1 if there is none. */
    static int producerOf(MultiLayerNetwork net, int consumer) {
        Layer[] layers = net.getLayers();
        for (int j = consumer - 1; j >= 0; j--) {
            var c = layers[j].conf().getLayer();
            if (isThinnable(c)) {
                return c instanceof OutputLayer ? -1 : j;
            }
            if (!(c instanceof SubsamplingLayer || c instanceof BatchNormalization || c instanceof ActivationLayer
                    || c instanceof DropoutLayer)) {
                return -1;
            }
        }
        return -1;
    }

    /** Number of output units (filters or neurons) of layer {@code i}. */
    static int units(MultiLayerNetwork net, int i) {
        return (int) ((FeedForwardLayer) net.getLayer(i).conf().getLayer()).getNOut();
    }

    static String name(MultiLayerNetwork net, int i) {
        return MultiLayerSurgery.nameOf(net.getLayer(i).conf().getLayer(), i);
    }

    /**
     * Removes the units {@code remove[u] == true} of layer {@code producer} (at least one unit must
     * stay). Returns {@code null} when there is nothing to remove.
     */
    public static Result removeUnits(MultiLayerNetwork net, String producer, boolean[] remove) {
        int p = indexOf(net, producer);
        Chain chain = chain(net, p);
        int n = units(net, p);
        if (remove.length != n) {
            throw new IllegalArgumentException(producer + " has " + n + " units, given " + remove.length + " flags");
        }
        List<Integer> keepList = new ArrayList<>();
        for (int u = 0; u < n; u++) {
            if (!remove[u]) {
                keepList.add(u);
            }
        }
        if (keepList.size() == n) {
            return null;
        }
        if (keepList.isEmpty()) {
            throw new IllegalArgumentException("cannot remove every unit of " + producer);
        }
        long[] keep = keepList.stream().mapToLong(Integer::longValue).toArray();
        Layer[] layers = net.getLayers();
        Map<String, UnaryOperator<INDArray>> slicers = new LinkedHashMap<>();
        Map<String, List<NewLayer>> replacements = new LinkedHashMap<>();

        // producer: output dimension (dense W [nIn, nOut] dim 1, conv W [nOut, nIn, kH, kW] dim 0), bias
        boolean conv = layers[p].conf().getLayer() instanceof ConvolutionLayer;
        Map<String, UnaryOperator<INDArray>> ps = new LinkedHashMap<>();
        ps.put("W", a -> slice(a, conv ? 0 : 1, keep));
        ps.put("b", a -> sliceVector(a, keep));
        replacements.put(producer, List.of(shrunk(layers[p], ps, keep.length, -1, null)));
        put(slicers, producer, ps);

        // constants the removed units output, carried through the layers in between
        INDArray constant = producerConstant(layers[p], remove, conv);
        for (int j : chain.between()) {
            var c = layers[j].conf().getLayer();
            if (c instanceof BatchNormalization || c instanceof ActivationLayer) {
                INDArray in = conv ? constant.reshape(1, n, 1, 1) : constant.reshape(1, n);
                constant = layers[j].activate(in.castTo(net.getLayerWiseConfigurations().getDataType()), false,
                        LayerWorkspaceMgr.noWorkspaces()).dup().reshape(n);
            }
            if (c instanceof BatchNormalization) {
                Map<String, UnaryOperator<INDArray>> bs = new LinkedHashMap<>();
                for (String key : layers[j].paramTable().keySet()) {
                    bs.put(key, a -> sliceVector(a, keep));
                }
                String bn = name(net, j);
                replacements.put(bn, List.of(shrunk(layers[j], bs, keep.length, keep.length, null)));
                put(slicers, bn, bs);
            }
        }
        for (int u = 0; u < n; u++) {
            if (!remove[u]) {
                constant.putScalar(u, 0.0);
            }
        }

        // consumer: input dimension (dense rows, expanded by the flattened H·W; conv dim 1), bias += folded constants
        int ci = chain.consumer();
        boolean convConsumer = layers[ci].conf().getLayer() instanceof ConvolutionLayer;
        long spatial = chain.spatial();
        long[] rows = expand(keep, spatial);
        INDArray w = layers[ci].getParam("W");
        INDArray delta;
        if (convConsumer) {
            // bias_f += sum_c k_c · sum_{kh,kw} W[f, c, kh, kw]
            INDArray perChannel = w.sum(2, 3); // [nOut, nIn]
            delta = perChannel.mmul(constant.castTo(w.dataType()).reshape(n, 1)).reshape(-1);
        } else {
            INDArray k = Nd4j.create(w.dataType(), 1, n * spatial);
            for (int u = 0; u < n; u++) {
                double v = constant.getDouble(u);
                if (v != 0) {
                    k.get(NDArrayIndex.point(0), NDArrayIndex.interval(u * spatial, (u + 1) * spatial)).assign(v);
                }
            }
            delta = k.mmul(w).reshape(-1);
        }
        Map<String, UnaryOperator<INDArray>> cs = new LinkedHashMap<>();
        cs.put("W", a -> slice(a, convConsumer ? 1 : 0, convConsumer ? keep : rows));
        replacements.put(name(net, ci), List.of(shrunk(layers[ci], cs, -1, convConsumer ? keep.length : rows.length, delta)));
        put(slicers, name(net, ci), cs);

        Map<String, INDArray> oldStates = UpdaterStates.read(net);
        MultiLayerNetwork rebuilt = MultiLayerSurgery.replace(net, replacements);
        // the flattening before a dense consumer now sees fewer channels
        InputPreProcessor pre = rebuilt.getLayerWiseConfigurations().getInputPreProcess(ci);
        if (pre instanceof CnnToFeedForwardPreProcessor flat && conv) {
            flat.setNumChannels(keep.length);
        }
        Map<String, INDArray> newStates = new LinkedHashMap<>();
        for (Map.Entry<String, UnaryOperator<INDArray>> e : slicers.entrySet()) {
            INDArray state = oldStates.get(e.getKey());
            if (state == null) {
                continue;
            }
            String layer = e.getKey().substring(0, e.getKey().lastIndexOf('.'));
            String key = e.getKey().substring(e.getKey().lastIndexOf('.') + 1);
            INDArray param = layers[indexOf(net, layer)].getParam(key);
            INDArray cut = null;
            for (int c = 0; c < state.rows(); c++) {
                INDArray row = state.getRow(c).dup().reshape(param.ordering(), param.shape());
                INDArray s = e.getValue().apply(row);
                INDArray flat = s.dup(param.ordering()).reshape(param.ordering(), new long[] {s.length()});
                if (cut == null) {
                    cut = Nd4j.create(state.dataType(), state.rows(), s.length());
                }
                cut.getRow(c).assign(flat);
            }
            newStates.put(e.getKey(), cut);
        }
        UpdaterStates.write(rebuilt, newStates, UnaryOperator.identity());
        return new Result(rebuilt, slicers, n - keep.length);
    }

    private static void put(Map<String, UnaryOperator<INDArray>> slicers, String layer, Map<String, UnaryOperator<INDArray>> perKey) {
        perKey.forEach((k, v) -> slicers.put(layer + "." + k, v));
    }

    /** activation(bias) of each removed unit of a producer (its incoming weights are taken as zero). */
    private static INDArray producerConstant(Layer layer, boolean[] remove, boolean conv) {
        int n = remove.length;
        INDArray b = layer.getParam("b");
        INDArray x = b == null ? Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, n) : b.dup().reshape(n);
        var conf = (BaseLayer) layer.conf().getLayer();
        INDArray in = conv ? x.reshape(1, n, 1, 1) : x.reshape(1, n);
        INDArray out = conf.getActivationFn().getActivation(in.dup(), false).reshape(n).dup();
        for (int u = 0; u < n; u++) {
            if (!remove[u]) {
                out.putScalar(u, 0.0);
            }
        }
        return out;
    }

    /** A new layer like {@code old} with nOut/nIn changed (-1 keeps) and its parameters cut. */
    private static NewLayer shrunk(Layer old, Map<String, UnaryOperator<INDArray>> cuts, long nOut, long nIn, INDArray biasDelta) {
        var conf = (FeedForwardLayer) old.conf().getLayer().clone();
        if (conf.getLayerName() == null) {
            conf.setLayerName(String.valueOf(old.getIndex()));
        }
        if (nOut >= 0) {
            conf.setNOut(nOut);
        }
        if (nIn >= 0) {
            conf.setNIn(nIn);
        }
        Map<String, INDArray> params = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : old.paramTable().entrySet()) {
            UnaryOperator<INDArray> cut = cuts.get(e.getKey());
            INDArray v = cut == null ? e.getValue().dup() : cut.apply(e.getValue());
            if (e.getKey().equals("b") && biasDelta != null) {
                v = v.add(biasDelta.castTo(v.dataType()).reshape(v.shape()));
            }
            params.put(e.getKey(), v);
        }
        return new NewLayer(conf, params);
    }

    /** Rows {@code u·spatial ... u·spatial + spatial - 1} for each kept unit u. */
    private static long[] expand(long[] keep, long spatial) {
        long[] rows = new long[(int) (keep.length * spatial)];
        int i = 0;
        for (long u : keep) {
            for (long s = 0; s < spatial; s++) {
                rows[i++] = u * spatial + s;
            }
        }
        return rows;
    }

    /**
     * The sub-array with only {@code keep} along {@code dim}, a copy in the array's ordering and
     * data type. (Copied through Java arrays: ND4J's point-index gather on an inner dimension of a
     * rank-4 array returned an array without data in M2.1.)
     */
    static INDArray slice(INDArray a, int dim, long[] keep) {
        long[] shape = a.shape();
        double[] v = a.dup('c').reshape('c', new long[] {a.length()}).toDoubleVector();
        long inner = 1;
        for (int d = dim + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        long outer = a.length() / (inner * shape[dim]);
        double[] out = new double[(int) (outer * keep.length * inner)];
        int o = 0;
        for (long i = 0; i < outer; i++) {
            for (long k : keep) {
                long from = (i * shape[dim] + k) * inner;
                for (long j = 0; j < inner; j++) {
                    out[o++] = v[(int) (from + j)];
                }
            }
        }
        long[] newShape = shape.clone();
        newShape[dim] = keep.length;
        return Nd4j.create(out, newShape, 'c').castTo(a.dataType()).dup(a.ordering());
    }

    /** A vector parameter (shape [n] or [1, n]) with only {@code keep}, same rank. */
    static INDArray sliceVector(INDArray a, long[] keep) {
        INDArray cut = slice(a.reshape('c', new long[] {a.length()}), 0, keep);
        long[] shape = a.shape().clone();
        shape[shape.length - 1] = keep.length;
        return cut.reshape(shape);
    }

    static int indexOf(MultiLayerNetwork net, String layer) {
        Layer[] layers = net.getLayers();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < layers.length; i++) {
            String nm = name(net, i);
            if (nm.equals(layer)) {
                return i;
            }
            names.add(nm);
        }
        throw new IllegalArgumentException("no layer '" + layer + "'; layers: " + names);
    }

    /** Names of all layers, in order (for messages). */
    static List<String> names(MultiLayerNetwork net) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < net.getLayers().length; i++) {
            names.add(name(net, i));
        }
        return names;
    }

    static String shape(INDArray a) {
        return Arrays.toString(a.shape());
    }
}
