package org.distill4j.framework.models;

import java.util.Collection;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * Turns the plain {@link ConvolutionLayer}s and {@link DenseLayer}s of a configuration into
 * {@link FastConvolutionLayer}s and {@link FastDenseLayer}s (and back): same settings and parameters,
 * faster training. Subclasses of those layers (1-d, depthwise, separable, deconvolution…) are left
 * alone: their computation differs.
 *
 * <p>The zoo builds its layers fast; {@link #apply(MultiLayerNetwork)} and {@link #apply(ComputationGraph)}
 * convert a user's loaded network. {@code -Ddistill4j.fastLayers=false} turns the conversion off everywhere.
 */
public final class FastLayers {
    /** System property that disables the conversion when set to {@code false}. */
    public static final String PROPERTY = "distill4j.fastLayers";

    private FastLayers() {
    }

    public static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"));
    }

    /** Converts, in place, every plain convolution and dense layer of {@code conf} that has a fast twin; returns how many. */
    public static int apply(MultiLayerConfiguration conf) {
        int converted = 0;
        for (NeuralNetConfiguration layerConf : conf.getConfs()) {
            converted += toFast(layerConf);
        }
        return converted;
    }

    /** The same for a ComputationGraph configuration's layer vertices. */
    public static int apply(ComputationGraphConfiguration conf) {
        int converted = 0;
        for (GraphVertex vertex : conf.getVertices().values()) {
            if (vertex instanceof LayerVertex layerVertex) {
                converted += toFast(layerVertex.getLayerConf());
            }
        }
        return converted;
    }

    /** Gives one layer configuration its fast twin, if it has one; returns 1 if it did. */
    private static int toFast(NeuralNetConfiguration layerConf) {
        Layer layer = layerConf.getLayer();
        if (layer.getClass() == ConvolutionLayer.class && FastConvolutionLayer.supports((ConvolutionLayer) layer)) {
            layerConf.setLayer(FastConvolutionLayer.of((ConvolutionLayer) layer));
            return 1;
        }
        if (layer.getClass() == DenseLayer.class) {
            layerConf.setLayer(FastDenseLayer.of((DenseLayer) layer));
            return 1;
        }
        return 0;
    }

    /** Converts, in place, every fast layer of {@code conf} back into DL4J's own; returns how many. */
    public static int toStandard(MultiLayerConfiguration conf) {
        int converted = 0;
        for (NeuralNetConfiguration layerConf : conf.getConfs()) {
            if (layerConf.getLayer() instanceof FastConvolutionLayer fast) {
                layerConf.setLayer(retype(fast, ConvolutionLayer.class));
                converted++;
            } else if (layerConf.getLayer() instanceof FastDenseLayer fast) {
                layerConf.setLayer(retype(fast, DenseLayer.class));
                converted++;
            }
        }
        return converted;
    }

    /**
     * A network computing with fast layers, equal to {@code net} in parameters, updater state and
     * iteration/epoch counts; {@code net} itself when it has nothing to convert (or conversion is off).
     */
    public static MultiLayerNetwork apply(MultiLayerNetwork net) {
        if (!enabled()) {
            return net;
        }
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations().clone();
        return apply(conf) == 0 ? net : copyInto(conf, net);
    }

    /**
     * A graph computing with fast layers, equal to {@code graph} in parameters, updater state and
     * iteration/epoch counts; {@code graph} itself when it has nothing to convert (or conversion is off).
     */
    public static ComputationGraph apply(ComputationGraph graph) {
        if (!enabled()) {
            return graph;
        }
        ComputationGraphConfiguration conf = graph.getConfiguration().clone();
        if (apply(conf) == 0) {
            return graph;
        }
        ComputationGraph copy = new ComputationGraph(conf);
        copy.init(graph.params().dup(), false);
        if (graph.getUpdater() != null && graph.getUpdater().getStateViewArray() != null) {
            copy.getUpdater().getStateViewArray().assign(graph.getUpdater().getStateViewArray());
        }
        return copy;
    }

    /**
     * A network of DL4J's own layers equal to {@code net} (parameters, updater state, counts):
     * what a saved model.zip holds, so that plain DL4J can load it without distill4j.
     */
    public static MultiLayerNetwork toStandard(MultiLayerNetwork net) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations().clone();
        return toStandard(conf) == 0 ? net : copyInto(conf, net);
    }

    /** {@code conf} as an instance of {@code type}, every setting copied through DL4J's JSON form. */
    static <T extends Layer> T retype(Layer conf, Class<T> type) {
        ObjectMapper mapper = NeuralNetConfiguration.mapper();
        ObjectNode tree = mapper.valueToTree(conf);
        tree.put("@class", type.getName());
        try {
            return type.cast(mapper.treeToValue(tree, Layer.class));
        } catch (Exception e) {
            throw new IllegalStateException("cannot convert layer '" + conf.getLayerName() + "' to "
                    + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Wires a new runtime layer as DL4J's own layer configurations do in {@code instantiate}: listeners,
     * index, parameter views (initialised when asked); returns {@code layer}.
     */
    static <L extends BaseLayer<?>> L wire(L layer, NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                           int index, INDArray paramsView, boolean initialize, ParamInitializer initializer) {
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(initializer.init(conf, paramsView, initialize));
        layer.setConf(conf);
        return layer;
    }

    private static MultiLayerNetwork copyInto(MultiLayerConfiguration conf, MultiLayerNetwork net) {
        MultiLayerNetwork copy = new MultiLayerNetwork(conf);
        copy.init(net.params().dup(), false);
        if (net.getUpdater() != null && net.getUpdater().getStateViewArray() != null) {
            copy.getUpdater().getStateViewArray().assign(net.getUpdater().getStateViewArray());
        }
        return copy;
    }
}
