package org.distill4j.framework.models;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.distill4j.policies.LoadedModelAdapter;

/** Gives models that policies load (distillation teachers) the fast layers of the zoo's models. */
public final class FastLayersAdapter implements LoadedModelAdapter {
    @Override
    public Model adapt(Model model) {
        if (model instanceof MultiLayerNetwork net) {
            return FastLayers.apply(net);
        }
        return model instanceof ComputationGraph graph ? FastLayers.apply(graph) : model;
    }
}
