package org.distill4j.framework.sense;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.distill4j.framework.models.FastConvolutionLayer;
import org.distill4j.policies.ModelParameters;
import org.distill4j.policies.config.Located;
import org.distill4j.policies.config.RecipeException;
import org.distill4j.policies.config.RecipeLocation;
import org.distill4j.policies.config.WeightPatterns;
import org.distill4j.policies.pruning.StructureType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Chooses the tensors of a sensitivity analysis. By default: the weight {@code W} of every dense,
 * output and convolution layer (LeNet-5: conv1.W, conv2.W, fc1.W, fc2.W). {@code --weights} names
 * weight tensors instead (names or whole-name regular expressions, as in recipes).
 *
 * <p>A filter analysis ranks the output units of plain convolutions ({@code [nOut, nIn, kH, kW]})
 * and of dense layers ({@code [nIn, nOut]}); other weights (1-d, depthwise, separable,
 * deconvolution kernels, recurrent weights) have no such ranking here. Among the default tensors
 * they are skipped with a note; named with {@code --weights} they are an error.
 */
public final class SensedWeights {
    private static final RecipeLocation WEIGHTS = RecipeLocation.of("--weights");

    /** The chosen tensors, in network order, and a note per default tensor skipped. */
    public record Selection(List<SensedWeight> weights, List<String> notes) {
    }

    private SensedWeights() {
    }

    public static Selection select(MultiLayerNetwork net, PruneKind kind, List<String> patterns) {
        ModelParameters parameters = ModelParameters.of(net);
        Map<String, org.deeplearning4j.nn.conf.layers.Layer> layers = layerConfs(net);
        boolean named = patterns != null && !patterns.isEmpty();
        List<String> names;
        if (named) {
            List<Located<String>> located = patterns.stream().map(p -> new Located<>(p, WEIGHTS)).toList();
            names = new WeightPatterns(located).resolve(parameters.weightNames());
        } else {
            names = parameters.weightNames().stream()
                    .filter(n -> n.endsWith(".W") && isDenseOrConvolution(layers.get(parameters.layerOf(n))))
                    .toList();
        }
        List<SensedWeight> chosen = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String name : names) {
            org.deeplearning4j.nn.conf.layers.Layer conf = layers.get(parameters.layerOf(name));
            String type = conf.getClass().getSimpleName();
            StructureType outputs = outputs(name, conf, parameters.get(name));
            if (kind == PruneKind.FILTER && outputs == null) {
                String why = name + " (a " + type + " weight, shape " + shape(parameters.get(name))
                        + ") has no output filters or neurons to rank";
                if (named) {
                    throw new RecipeException(WEIGHTS, "--kind filter: " + why + "; analyse it with --kind element");
                }
                notes.add("skipped " + why);
                continue;
            }
            chosen.add(new SensedWeight(name, type, outputs));
        }
        if (chosen.isEmpty()) {
            throw new RecipeException(named ? WEIGHTS : RecipeLocation.of("--kind " + kind.key()),
                    "the model has no " + (kind == PruneKind.FILTER ? "convolution or dense weight whose output units "
                    + "can be ranked" : "dense or convolution weight") + " to analyse");
        }
        return new Selection(List.copyOf(chosen), List.copyOf(notes));
    }

    /** The output structures of a weight, or null when it has none that can be ranked. */
    static StructureType outputs(String name, org.deeplearning4j.nn.conf.layers.Layer conf, INDArray weight) {
        if (!name.endsWith(".W")) {
            return null;
        }
        boolean plainConvolution = conf.getClass() == ConvolutionLayer.class || conf instanceof FastConvolutionLayer;
        if (plainConvolution && weight.rank() == StructureType.FILTERS.weightRank()) {
            return StructureType.FILTERS;
        }
        boolean dense = conf instanceof DenseLayer || conf instanceof BaseOutputLayer;
        if (dense && weight.rank() == StructureType.ROWS.weightRank()) {
            return StructureType.ROWS;
        }
        return null;
    }

    private static boolean isDenseOrConvolution(org.deeplearning4j.nn.conf.layers.Layer conf) {
        return conf instanceof DenseLayer || conf instanceof BaseOutputLayer || conf instanceof ConvolutionLayer;
    }

    /** Layer configurations by the names {@link ModelParameters} uses (the layer name, else the index). */
    private static Map<String, org.deeplearning4j.nn.conf.layers.Layer> layerConfs(MultiLayerNetwork net) {
        Map<String, org.deeplearning4j.nn.conf.layers.Layer> confs = new LinkedHashMap<>();
        Layer[] all = net.getLayers();
        for (int i = 0; i < all.length; i++) {
            org.deeplearning4j.nn.conf.layers.Layer conf = all[i].conf().getLayer();
            confs.put(conf.getLayerName() != null ? conf.getLayerName() : String.valueOf(i), conf);
        }
        return confs;
    }

    private static String shape(INDArray a) {
        StringBuilder b = new StringBuilder();
        for (long d : a.shape()) {
            b.append(b.length() == 0 ? "" : "x").append(d);
        }
        return b.toString();
    }
}
