package org.distill4j.framework.models;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.distill4j.policies.ModelParameters;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Per-layer shapes, parameter counts, sparsity and MACs of a network, and their totals. */
public record ModelSummary(List<LayerStats> layers) {

    public static ModelSummary of(MultiLayerNetwork net) {
        ModelParameters parameters = ModelParameters.of(net);
        List<InputType> inputs = new ArrayList<>();
        inputs.add(InputType.feedForward(ModelZoo.INPUTS));
        inputs.addAll(net.getLayerWiseConfigurations().getLayerActivationTypes(InputType.feedForward(ModelZoo.INPUTS)));
        List<LayerStats> stats = new ArrayList<>();
        Layer[] layers = net.getLayers();
        for (int i = 0; i < layers.length; i++) {
            org.deeplearning4j.nn.conf.layers.Layer conf = layers[i].conf().getLayer();
            String name = conf.getLayerName() != null ? conf.getLayerName() : String.valueOf(i);
            String weightName = name + ".W";
            long params = layers[i].numParams();
            long nonzeroParams = 0;
            for (INDArray p : layers[i].paramTable().values()) {
                nonzeroParams += countNonzero(p);
            }
            long weights = 0;
            long nonzero = 0;
            String shape = "";
            if (parameters.contains(weightName)) {
                INDArray w = parameters.get(weightName);
                weights = w.length();
                nonzero = countNonzero(w);
                shape = shapeOf(w.shape());
            }
            stats.add(new LayerStats(name, typeName(conf), shape, params, weights, nonzero,
                    nonzeroParams, macs(conf, inputs.get(i + 1))));
        }
        return new ModelSummary(stats);
    }

    /** DL4J's layer type; distill4j's fast layers go by the type they compute and are saved as. */
    private static String typeName(org.deeplearning4j.nn.conf.layers.Layer conf) {
        if (conf instanceof FastConvolutionLayer) {
            return "ConvolutionLayer";
        }
        return conf instanceof FastDenseLayer ? "DenseLayer" : conf.getClass().getSimpleName();
    }

    /** Dense MACs: nIn·nOut; convolution: output positions · nOut · nIn · kH · kW; others 0. */
    private static long macs(org.deeplearning4j.nn.conf.layers.Layer conf, InputType output) {
        if (conf instanceof ConvolutionLayer conv && output instanceof InputType.InputTypeConvolutional out) {
            int[] k = conv.getKernelSize();
            return out.getHeight() * out.getWidth() * conv.getNOut() * conv.getNIn() * k[0] * k[1];
        }
        if (conf instanceof FeedForwardLayer ff) {
            return ff.getNIn() * ff.getNOut();
        }
        return 0;
    }

    static long countNonzero(INDArray a) {
        return a.neq(0).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
    }

    private static String shapeOf(long[] shape) {
        StringBuilder b = new StringBuilder();
        for (long d : shape) {
            b.append(b.length() == 0 ? "" : "x").append(d);
        }
        return b.toString();
    }

    public long params() {
        return layers.stream().mapToLong(LayerStats::params).sum();
    }

    public long nonzeroParams() {
        return layers.stream().mapToLong(LayerStats::nonzeroParams).sum();
    }

    public long macs() {
        return layers.stream().mapToLong(LayerStats::macs).sum();
    }

    /** Zeros over all weights of the named layers; over all weights when {@code layerNames} is empty. */
    public double weightSparsity(Collection<String> layerNames) {
        long weights = 0;
        long nonzero = 0;
        for (LayerStats l : layers) {
            if (layerNames.isEmpty() || layerNames.contains(l.name())) {
                weights += l.weights();
                nonzero += l.nonzeroWeights();
            }
        }
        return weights == 0 ? 0 : 1.0 - (double) nonzero / weights;
    }

    /** A fixed-width table with a totals row. */
    public String table() {
        StringBuilder b = new StringBuilder();
        String format = "%-10s %-20s %-14s %10s %10s %9s %12s%n";
        b.append(String.format(Locale.ROOT, format, "layer", "type", "weight shape", "params", "nonzeros", "sparsity", "MACs"));
        for (LayerStats l : layers) {
            b.append(String.format(Locale.ROOT, format, l.name(), l.type(), l.shape(), l.params(), l.nonzeroParams(),
                    String.format(Locale.ROOT, "%.2f%%", 100 * l.sparsity()), l.macs()));
        }
        b.append(String.format(Locale.ROOT, format, "total", "", "", params(), nonzeroParams(),
                String.format(Locale.ROOT, "%.2f%%", 100 * weightSparsity(List.of())), macs()));
        return b.toString();
    }
}
