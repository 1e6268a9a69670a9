package org.distill4j.schedulers;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** Reads and sets the learning rate of a network's updaters (all layers alike). */
public interface LearningRateControl {

    double get();

    void set(double learningRate);

    static LearningRateControl of(Model model) {
        if (model instanceof MultiLayerNetwork net) {
            return new LearningRateControl() {
                @Override
                public double get() {
                    for (int i = 0; i < net.getnLayers(); i++) {
                        Double lr = net.getLearningRate(i);
                        if (lr != null) {
                            return lr;
                        }
                    }
                    return Double.NaN;
                }

                @Override
                public void set(double learningRate) {
                    net.setLearningRate(learningRate);
                }
            };
        }
        if (model instanceof ComputationGraph graph) {
            return new LearningRateControl() {
                @Override
                public double get() {
                    for (org.deeplearning4j.nn.api.Layer layer : graph.getLayers()) {
                        Double lr = graph.getLearningRate(layer.conf().getLayer().getLayerName());
                        if (lr != null) {
                            return lr;
                        }
                    }
                    return Double.NaN;
                }

                @Override
                public void set(double learningRate) {
                    graph.setLearningRate(learningRate);
                }
            };
        }
        throw new IllegalArgumentException("unsupported model type " + model.getClass().getName());
    }
}
