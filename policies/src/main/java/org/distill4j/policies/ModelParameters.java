package org.distill4j.policies;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model's parameters under stable, readable names: {@code <layer name>.<key>}, e.g. {@code fc1.W},
 * {@code conv1.b}. A layer without a name is called by its index ({@code 0.W}).
 *
 * <p>Every array returned is a view into the network's flat parameter vector: in-place operations
 * change the model. Build a new instance after the network is replaced (thinning, factorization).
 */
public final class ModelParameters {
    private final Model model;
    private final Map<String, INDArray> views = new LinkedHashMap<>();
    private final Map<String, String> dl4jKeys = new LinkedHashMap<>();
    private final Map<String, String> layerOf = new LinkedHashMap<>();

    private ModelParameters(Model model) {
        this.model = model;
    }

    public static ModelParameters of(Model model) {
        ModelParameters p = new ModelParameters(model);
        if (model instanceof MultiLayerNetwork net) {
            Layer[] layers = net.getLayers();
            for (int i = 0; i < layers.length; i++) {
                p.addLayer(layers[i], layerName(layers[i], String.valueOf(i)), i + "_");
            }
        } else if (model instanceof ComputationGraph graph) {
            for (Layer layer : graph.getLayers()) {
                String name = layerName(layer, null);
                p.addLayer(layer, name, name + "_");
            }
        } else {
            throw new IllegalArgumentException("unsupported model type " + model.getClass().getName()
                    + " (expected MultiLayerNetwork or ComputationGraph)");
        }
        return p;
    }

    private static String layerName(Layer layer, String fallback) {
        String name = layer.conf().getLayer().getLayerName();
        return name != null ? name : fallback;
    }

    private void addLayer(Layer layer, String layerName, String dl4jPrefix) {
        for (Map.Entry<String, INDArray> e : layer.paramTable().entrySet()) {
            String name = layerName + "." + e.getKey();
            views.put(name, e.getValue());
            dl4jKeys.put(name, dl4jPrefix + e.getKey());
            layerOf.put(name, layerName);
        }
    }

    public Model model() {
        return model;
    }

    /** All parameter names, in network order. */
    public Set<String> names() {
        return Collections.unmodifiableSet(views.keySet());
    }

    /** Names of weight tensors only ({@code W}, and depthwise/pointwise kernels), no biases or norm statistics. */
    public List<String> weightNames() {
        return views.keySet().stream().filter(ModelParameters::isWeight).toList();
    }

    public static boolean isWeight(String name) {
        String key = name.substring(name.lastIndexOf('.') + 1);
        return key.equals("W") || key.equals("dW") || key.equals("pW");
    }

    public boolean contains(String name) {
        return views.containsKey(name);
    }

    /** A view of the parameter; throws naming the known parameters if there is none. */
    public INDArray get(String name) {
        INDArray view = views.get(name);
        if (view == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'; known: " + views.keySet());
        }
        return view;
    }

    /** The layer a parameter belongs to. */
    public String layerOf(String name) {
        get(name);
        return layerOf.get(name);
    }

    /** The gradient array of a parameter inside a DL4J {@link Gradient} (a view: in-place changes count). */
    public INDArray gradientOf(Gradient gradient, String name) {
        get(name);
        return gradient.getGradientFor(dl4jKeys.get(name));
    }
}
