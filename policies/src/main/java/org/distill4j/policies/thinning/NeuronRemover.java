package org.distill4j.policies.thinning;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.distill4j.policies.config.PolicyArgs;
import org.distill4j.policies.pruning.StructureType;
import org.distill4j.policies.pruning.Structures;

/**
 * The dense-layer counterpart of {@link FilterRemover} and {@link ChannelRemover}: removes every
 * hidden neuron of a dense layer whose incoming weights are all zero (a pruned {@code Rows}
 * structure; its constant output {@code activation(bias)} is folded into the next layer's bias)
 * or whose outgoing weights are all zero (a pruned {@code Cols} structure of the next dense
 * layer), with the matching inputs of the next layer. {@code layers} names the dense layers whose
 * neurons may go. See {@link ThinningExtension}.
 */
public class NeuronRemover extends ThinningExtension {

    public NeuronRemover(PolicyArgs args) {
        super(args);
    }

    @Override
    protected Map<String, boolean[]> plan(MultiLayerNetwork net) {
        Map<String, boolean[]> plan = new LinkedHashMap<>();
        for (int i = 0; i < net.getLayers().length; i++) {
            var conf = net.getLayer(i).conf().getLayer();
            String name = NetworkThinner.name(net, i);
            if (!(conf instanceof DenseLayer) || !selected(name) || !hasConsumer(net, i)) {
                continue;
            }
            boolean[] in = Structures.zero(net.getLayer(i).getParam("W"), StructureType.ROWS);
            int c = NetworkThinner.chain(net, i).consumer();
            boolean[] out = Structures.zero(net.getLayer(c).getParam("W"), StructureType.COLS);
            boolean[] remove = new boolean[in.length];
            for (int u = 0; u < in.length; u++) {
                remove[u] = in[u] || (out.length == in.length && out[u]);
            }
            plan.put(name, atLeastOneKept(remove));
        }
        return plan;
    }
}
