package org.distill4j.framework.models;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A DL4J {@link DenseLayer} configuration whose runtime layer is {@link FastDense}: every setting,
 * the parameters and their layout are {@code DenseLayer}'s. {@link FastLayers} converts whole
 * network configurations (and back, for saving).
 */
public class FastDenseLayer extends DenseLayer {

    /** For Jackson. */
    public FastDenseLayer() {
    }

    /** The fast configuration equal in every setting to {@code standard} (copied through DL4J's JSON form). */
    public static FastDenseLayer of(DenseLayer standard) {
        return FastLayers.retype(standard, FastDenseLayer.class);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("FastDenseLayer", getLayerName(), layerIndex, getNIn(), getNOut());
        return FastLayers.wire(new FastDense(conf, networkDataType), conf, trainingListeners, layerIndex,
                layerParamsView, initializeParams, initializer());
    }

    @Override
    public FastDenseLayer clone() {
        return (FastDenseLayer) super.clone();
    }
}
