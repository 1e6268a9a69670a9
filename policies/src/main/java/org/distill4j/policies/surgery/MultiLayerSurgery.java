package org.distill4j.policies.surgery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Rebuilds a {@link MultiLayerNetwork} with some of its layers each replaced by a sequence of new
 * layers.
 *
 * <p>What the new network keeps from the old one:
 * <ul>
 * <li>the configuration of every untouched layer (cloned, never shared: DL4J keeps iteration
 *     counts and runtime settings in configuration objects), and the network-wide settings —
 *     seed, data type, workspace modes, backprop type, iteration and epoch counts;</li>
 * <li>input preprocessors, re-indexed: a replaced layer's preprocessor (a conv→dense flattening,
 *     say) goes to the first of its new layers, the others move with their layers;</li>
 * <li>the parameters of untouched layers, bit for bit;</li>
 * <li>the optimizer state of untouched layers' parameters (see {@link UpdaterStates}); new layers
 *     start with fresh (zero) state.</li>
 * </ul>
 * New layers take the per-layer settings (updater, regularization, ...) of their own configuration;
 * the caller usually copies them from the layer they replace. Their parameters are given in
 * {@link NewLayer#params()}: every key the layer has, in its exact shape.
 *
 * <p>Layers are named as in {@link org.distill4j.policies.ModelParameters}: the configured name, or
 * the index for an unnamed layer.
 */
public final class MultiLayerSurgery {
    private MultiLayerSurgery() {
    }

    /**
     * The rebuilt network, initialised, with parameters and optimizer state set. The old network is
     * not changed.
     *
     * @param replacements layer name → the layers that take its place, in order (at least one)
     * @throws IllegalArgumentException for an unknown layer, an empty replacement, a duplicate layer
     *                                  name, or parameters that do not fit the new layers
     */
    public static MultiLayerNetwork replace(MultiLayerNetwork net, Map<String, List<NewLayer>> replacements) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations().clone();
        Layer[] layers = net.getLayers();
        List<String> oldNames = new ArrayList<>();
        for (int i = 0; i < layers.length; i++) {
            oldNames.add(nameOf(layers[i].conf().getLayer(), i));
        }
        for (String name : replacements.keySet()) {
            if (!oldNames.contains(name)) {
                throw new IllegalArgumentException("no layer '" + name + "' to replace; layers: " + oldNames);
            }
            if (replacements.get(name).isEmpty()) {
                throw new IllegalArgumentException("layer '" + name + "' is replaced by no layer");
            }
        }

        List<NeuralNetConfiguration> confs = new ArrayList<>();
        Map<Integer, InputPreProcessor> preprocessors = new HashMap<>();
        List<Integer> origin = new ArrayList<>();            // new index -> old index, or -1 for a new layer
        List<NewLayer> inserted = new ArrayList<>();          // new index -> the inserted layer, or null
        Set<String> names = new HashSet<>();
        for (int i = 0; i < layers.length; i++) {
            NeuralNetConfiguration layerConf = conf.getConf(i);
            InputPreProcessor preprocessor = conf.getInputPreProcess(i);
            if (preprocessor != null) {
                preprocessors.put(confs.size(), preprocessor);
            }
            List<NewLayer> replacement = replacements.get(oldNames.get(i));
            if (replacement == null) {
                requireUnique(names, oldNames.get(i));
                confs.add(layerConf);
                origin.add(i);
                inserted.add(null);
                continue;
            }
            for (NewLayer layer : replacement) {
                requireUnique(names, layer.name());
                NeuralNetConfiguration c = layerConf.clone();
                c.setLayer(layer.conf().clone());
                c.clearVariables();
                confs.add(c);
                origin.add(-1);
                inserted.add(layer);
            }
        }
        conf.setConfs(confs);
        conf.setInputPreProcessors(preprocessors);

        MultiLayerNetwork rebuilt = new MultiLayerNetwork(conf);
        rebuilt.init();
        Layer[] newLayers = rebuilt.getLayers();
        Map<String, String> renamed = new LinkedHashMap<>();
        for (int j = 0; j < newLayers.length; j++) {
            Map<String, INDArray> target = newLayers[j].paramTable();
            if (origin.get(j) >= 0) {
                Map<String, INDArray> source = layers[origin.get(j)].paramTable();
                for (Map.Entry<String, INDArray> e : source.entrySet()) {
                    target.get(e.getKey()).assign(e.getValue());
                }
                String name = oldNames.get(origin.get(j));
                renamed.put(nameOf(newLayers[j].conf().getLayer(), j), name);
            } else {
                NewLayer layer = inserted.get(j);
                if (!target.keySet().equals(layer.params().keySet())) {
                    throw new IllegalArgumentException("layer " + layer.name() + " has parameters " + target.keySet()
                            + ", given " + layer.params().keySet());
                }
                for (Map.Entry<String, INDArray> e : target.entrySet()) {
                    INDArray value = layer.params().get(e.getKey());
                    if (value.length() != e.getValue().length()
                            || (value.rank() > 1 && !Arrays.equals(value.shape(), e.getValue().shape()))) {
                        throw new IllegalArgumentException(layer.name() + "." + e.getKey() + " has shape "
                                + Arrays.toString(e.getValue().shape()) + ", given " + Arrays.toString(value.shape()));
                    }
                    e.getValue().assign(value.reshape(e.getValue().shape()).castTo(e.getValue().dataType()));
                }
            }
        }
        Map<String, INDArray> states = UpdaterStates.read(net);
        UpdaterStates.write(rebuilt, states, name -> {
            int dot = name.lastIndexOf('.');
            String layer = renamed.get(name.substring(0, dot));
            return layer == null ? null : layer + name.substring(dot);
        });
        return rebuilt;
    }

    /** A layer's name as {@link org.distill4j.policies.ModelParameters} gives it. */
    public static String nameOf(org.deeplearning4j.nn.conf.layers.Layer conf, int index) {
        return conf.getLayerName() != null ? conf.getLayerName() : String.valueOf(index);
    }

    private static void requireUnique(Set<String> names, String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("two layers named '" + name + "' in the rebuilt network");
        }
    }
}
