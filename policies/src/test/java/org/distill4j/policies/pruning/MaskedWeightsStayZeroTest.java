package org.distill4j.policies.pruning;

import static org.distill4j.policies.pruning.PruningAssertions.zeros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.distill4j.policies.MapPolicyArgs;
import org.distill4j.policies.ModelParameters;
import org.distill4j.policies.ParameterMasks;
import org.distill4j.policies.RecordingContext;
import org.distill4j.policies.TinyNetworks;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * A pruned weight must never grow back through momentum or Adam state. The listener makes the
 * same two calls as CompressionScheduler: masks on the raw gradients before the updater, and on
 * the weights after the step.
 */
class MaskedWeightsStayZeroTest {
    private static final int ITERATIONS = 25;

    private static final class MaskingListener extends BaseTrainingListener {
        private final ParameterMasks masks;
        private final ModelParameters parameters;

        MaskingListener(ParameterMasks masks, ModelParameters parameters) {
            this.masks = masks;
            this.parameters = parameters;
        }

        @Override
        public void onGradientCalculation(Model model) {
            masks.applyToGradients(parameters, model.gradient());
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            masks.applyToParameters(parameters);
        }
    }

    private static void assertMaskedWeightsStayZero(IUpdater updater) {
        MultiLayerNetwork net = TinyNetworks.mlp(updater);
        RecordingContext ctx = new RecordingContext(net);
        SparsityLevelParameterPruner pruner = new SparsityLevelParameterPruner(MapPolicyArgs.of(
                "levels", Map.of("*", 0.5)));
        pruner.attach(ctx);
        pruner.onEpochBegin(ctx);
        ctx.masks().applyToParameters(ctx.parameters());
        Map<String, INDArray> before = new LinkedHashMap<>();
        for (String name : ctx.masks().asMap().keySet()) {
            before.put(name, ctx.parameters().get(name).dup());
        }

        net.setListeners(new MaskingListener(ctx.masks(), ctx.parameters()));
        DataSet batch = TinyNetworks.batch();
        for (int i = 0; i < ITERATIONS; i++) {
            net.fit(batch);
        }

        for (Map.Entry<String, INDArray> e : ctx.masks().asMap().entrySet()) {
            INDArray weight = ctx.parameters().get(e.getKey());
            INDArray pruned = e.getValue().rsub(1.0);
            assertEquals(0.0, weight.mul(pruned).amaxNumber().doubleValue(), 0.0, e.getKey() + " regrew");
            assertEquals(zeros(e.getValue()), zeros(weight), e.getKey() + ": only pruned elements are zero");
            assertTrue(weight.sub(before.get(e.getKey())).amaxNumber().doubleValue() > 1e-4,
                    e.getKey() + ": the kept weights trained");
        }
    }

    @Test
    void maskedWeightsStayZeroUnderAdam() {
        assertMaskedWeightsStayZero(new Adam(0.01));
    }

    @Test
    void maskedWeightsStayZeroUnderNesterov() {
        assertMaskedWeightsStayZero(new Nesterovs(0.05, 0.9));
    }

    @Test
    void maskedWeightsStayZeroUnderPlainSgd() {
        assertMaskedWeightsStayZero(new Sgd(0.1));
    }

    @Test
    void withoutTheListenerPrunedWeightsRegrowUnderAdam() {
        MultiLayerNetwork net = TinyNetworks.mlp(new Adam(0.01));
        RecordingContext ctx = new RecordingContext(net);
        SparsityLevelParameterPruner pruner = new SparsityLevelParameterPruner(MapPolicyArgs.of(
                "levels", Map.of("fc1.W", 0.5)));
        pruner.attach(ctx);
        pruner.onEpochBegin(ctx);
        ctx.masks().applyToParameters(ctx.parameters());
        DataSet batch = TinyNetworks.batch();
        for (int i = 0; i < ITERATIONS; i++) {
            net.fit(batch);
        }
        assertTrue(zeros(ctx.parameters().get("fc1.W")) < 15, "masking the weights once does not keep them pruned");
    }
}
