package org.distill4j.framework.models;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.distill4j.policies.LoadedModelAdapter;

/** Gives models that policies load (distillation teachers) the fast convolutions of the zoo's models. */
public final class FastConvolutionAdapter implements LoadedModelAdapter {
    @Override
    public Model adapt(Model model) {
        return model instanceof MultiLayerNetwork net ? FastConvolutions.apply(net) : model;
    }
}
