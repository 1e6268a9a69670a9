package org.distill4j.policies.thinning;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.distill4j.policies.config.PolicyArgs;
import org.distill4j.policies.pruning.StructureType;
import org.distill4j.policies.pruning.Structures;

/**
 * Distiller's {@code FilterRemover}: removes every convolution filter whose weights are all zero
 * (e.g. after {@code L1RankedStructureParameterPruner} with {@code group_type: Filters}), with the
 * matching input channels of the next convolution or the matching rows of the dense layer after
 * the flattening, and batch-norm channels in between; see {@link ThinningExtension} and
 * {@link NetworkThinner}. A layer keeps at least one filter.
 */
public class FilterRemover extends ThinningExtension {

    public FilterRemover(PolicyArgs args) {
        super(args);
    }

    @Override
    protected Map<String, boolean[]> plan(MultiLayerNetwork net) {
        Map<String, boolean[]> plan = new LinkedHashMap<>();
        for (int i = 0; i < net.getLayers().length; i++) {
            var conf = net.getLayer(i).conf().getLayer();
            String name = NetworkThinner.name(net, i);
            if (conf instanceof ConvolutionLayer && NetworkThinner.isThinnable(conf) && selected(name) && hasConsumer(net, i)) {
                plan.put(name, atLeastOneKept(Structures.zero(net.getLayer(i).getParam("W"), StructureType.FILTERS)));
            }
        }
        return plan;
    }
}
