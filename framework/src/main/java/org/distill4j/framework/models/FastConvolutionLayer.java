package org.distill4j.framework.models;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A DL4J {@link ConvolutionLayer} configuration whose runtime layer is {@link FastConvolution}.
 * Every setting, the parameters and their layout are those of {@code ConvolutionLayer}; only the
 * computation differs. Build one with {@link #of} from an ordinary configuration, or let
 * {@link FastLayers} convert a whole network configuration.
 *
 * <p>A model saved with this layer names this class in its JSON, so restoring it needs distill4j on
 * the classpath; {@link FastLayers#toStandard} turns a configuration back into plain DL4J.
 */
public class FastConvolutionLayer extends ConvolutionLayer {

    /** For Jackson. */
    public FastConvolutionLayer() {
    }

    /** The fast configuration equal in every setting to {@code standard} (copied through DL4J's JSON form). */
    public static FastConvolutionLayer of(ConvolutionLayer standard) {
        return FastLayers.retype(standard, FastConvolutionLayer.class);
    }

    /**
     * Whether {@link FastConvolution} computes this configuration itself: NCHW data and no dilation
     * (anything else runs DL4J's own code path, inside the same layer).
     */
    public static boolean supports(ConvolutionLayer conf) {
        int[] dilation = conf.getDilation();
        return conf.getCnn2dDataFormat() == CNN2DFormat.NCHW && dilation[0] == 1 && dilation[1] == 1;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("FastConvolutionLayer", getLayerName(), layerIndex, getNIn(), getNOut());
        return FastLayers.wire(new FastConvolution(conf, networkDataType), conf, trainingListeners, layerIndex,
                layerParamsView, initializeParams, initializer());
    }

    @Override
    public ParamInitializer initializer() {
        return ConvolutionParamInitializer.getInstance();
    }

    @Override
    public FastConvolutionLayer clone() {
        return (FastConvolutionLayer) super.clone();
    }
}
