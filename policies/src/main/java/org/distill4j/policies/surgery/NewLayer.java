package org.distill4j.policies.surgery;

import java.util.Map;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One layer that surgery inserts: its configuration (with a layer name that is unique in the new
 * network) and the values of every one of its parameters under DL4J's keys ({@code W}, {@code b}),
 * each in the shape of the parameter ({@code W} {@code [nIn, nOut]} for dense layers,
 * {@code [nOut, nIn, kH, kW]} for convolutions).
 *
 * <p>The updater state of a new layer starts fresh (zero), as for a network that was just built.
 */
public record NewLayer(Layer conf, Map<String, INDArray> params) {

    public NewLayer {
        if (conf.getLayerName() == null || conf.getLayerName().isBlank()) {
            throw new IllegalArgumentException("a layer inserted by surgery needs a name");
        }
        params = Map.copyOf(params);
    }

    public String name() {
        return conf.getLayerName();
    }
}
