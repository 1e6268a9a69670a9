package org.distill4j.framework.models;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Turns the plain {@link ConvolutionLayer}s of a configuration into {@link FastConvolutionLayer}s
 * (and back). Subclasses of {@code ConvolutionLayer} (1-d, depthwise, separable, deconvolution…)
 * are left alone: their computation differs.
 *
 * <p>The zoo builds its convolutions fast; {@link #apply(MultiLayerNetwork)} converts a user's
 * loaded network. {@code -Ddistill4j.fastConvolutions=false} turns the conversion off everywhere.
 */
public final class FastConvolutions {
    /** System property that disables the conversion when set to {@code false}. */
    public static final String PROPERTY = "distill4j.fastConvolutions";

    private FastConvolutions() {
    }

    public static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"));
    }

    /** Converts, in place, every plain convolution of {@code conf} that the fast layer supports; returns how many. */
    public static int apply(MultiLayerConfiguration conf) {
        int converted = 0;
        for (NeuralNetConfiguration layerConf : conf.getConfs()) {
            if (layerConf.getLayer().getClass() == ConvolutionLayer.class
                    && FastConvolutionLayer.supports((ConvolutionLayer) layerConf.getLayer())) {
                layerConf.setLayer(FastConvolutionLayer.of((ConvolutionLayer) layerConf.getLayer()));
                converted++;
            }
        }
        return converted;
    }

    /** Converts, in place, every fast convolution of {@code conf} back into DL4J's own layer; returns how many. */
    public static int toStandard(MultiLayerConfiguration conf) {
        int converted = 0;
        for (NeuralNetConfiguration layerConf : conf.getConfs()) {
            if (layerConf.getLayer() instanceof FastConvolutionLayer fast) {
                layerConf.setLayer(FastConvolutionLayer.retype(fast, ConvolutionLayer.class));
                converted++;
            }
        }
        return converted;
    }

    /**
     * A network computing with fast convolutions, equal to {@code net} in parameters, updater state and
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
     * A network of DL4J's own layers equal to {@code net} (parameters, updater state, counts):
     * what a saved model.zip holds, so that plain DL4J can load it without distill4j.
     */
    public static MultiLayerNetwork toStandard(MultiLayerNetwork net) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations().clone();
        return toStandard(conf) == 0 ? net : copyInto(conf, net);
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
