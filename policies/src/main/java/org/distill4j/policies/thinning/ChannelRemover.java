package org.distill4j.policies.thinning;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.distill4j.policies.config.PolicyArgs;
import org.distill4j.policies.pruning.StructureType;
import org.distill4j.policies.pruning.Structures;

/**
 * Distiller's {@code ChannelRemover}: removes every input channel of a convolution whose weights
 * are all zero (e.g. after {@code group_type: Channels}), together with the filter of the
 * previous convolution that produced it (and batch-norm channels in between). {@code layers}
 * names the consumer convolutions. See {@link ThinningExtension}.
 */
public class ChannelRemover extends ThinningExtension {

    public ChannelRemover(PolicyArgs args) {
        super(args);
    }

    @Override
    protected Map<String, boolean[]> plan(MultiLayerNetwork net) {
        Map<String, boolean[]> plan = new LinkedHashMap<>();
        for (int i = 0; i < net.getLayers().length; i++) {
            var conf = net.getLayer(i).conf().getLayer();
            if (!(conf instanceof ConvolutionLayer) || !NetworkThinner.isThinnable(conf) || !selected(NetworkThinner.name(net, i))) {
                continue;
            }
            int p = NetworkThinner.producerOf(net, i);
            if (p >= 0 && net.getLayer(p).conf().getLayer() instanceof ConvolutionLayer) {
                boolean[] zero = Structures.zero(net.getLayer(i).getParam("W"), StructureType.CHANNELS);
                plan.put(NetworkThinner.name(net, p), atLeastOneKept(zero));
            }
        }
        return plan;
    }
}
