package org.distill4j.policies.pruning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.distill4j.policies.MapPolicyArgs;
import org.distill4j.policies.RecordingContext;
import org.distill4j.policies.TinyNetworks;
import org.distill4j.policies.config.RecipeException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class MagnitudeParameterPrunerTest {

    private static Map<String, Object> thresholds(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static void assertMaskIsMagnitudeAtLeast(INDArray weight, INDArray mask, double threshold) {
        for (int r = 0; r < weight.rows(); r++) {
            for (int c = 0; c < weight.columns(); c++) {
                float expected = Math.abs(weight.getFloat(r, c)) >= threshold ? 1f : 0f;
                assertEquals(expected, mask.getFloat(r, c));
            }
        }
    }

    @Test
    void everyWeightBelowItsThresholdIsZeroedAndStarIsTheDefault() {
        MultiLayerNetwork net = TinyNetworks.mlp();
        RecordingContext ctx = new RecordingContext(net);
        MagnitudeParameterPruner pruner = new MagnitudeParameterPruner(MapPolicyArgs.of(
                "thresholds", thresholds("fc1.W", 0.3, "*", 0.1), "weights", List.of("fc1.W", "fc2.W")));
        pruner.attach(ctx);
        pruner.onEpochBegin(ctx);
        assertEquals(Map.of("fc1.W", 0.3, "fc2.W", 0.1), pruner.thresholds());
        assertMaskIsMagnitudeAtLeast(ctx.parameters().get("fc1.W"), ctx.masks().get("fc1.W"), 0.3);
        assertMaskIsMagnitudeAtLeast(ctx.parameters().get("fc2.W"), ctx.masks().get("fc2.W"), 0.1);
    }

    @Test
    void withoutWeightsOnlyTheNamedWeightsArePruned() {
        RecordingContext ctx = new RecordingContext(TinyNetworks.mlp());
        MagnitudeParameterPruner pruner = new MagnitudeParameterPruner(MapPolicyArgs.of(
                "thresholds", thresholds("fc2.W", 0.2)));
        pruner.attach(ctx);
        pruner.onEpochBegin(ctx);
        assertEquals(List.of("fc2.W"), List.copyOf(ctx.masks().asMap().keySet()));
    }

    @Test
    void aNegativeThresholdIsAnError() {
        RecipeException e = assertThrows(RecipeException.class, () -> new MagnitudeParameterPruner(
                MapPolicyArgs.of("thresholds", thresholds("*", -0.1))));
        assertTrue(e.problem().contains("'*' must be a finite number >= 0"), e.problem());
    }

    @Test
    void aThresholdKeyMatchingNoParameterIsAnErrorAtAttach() {
        MagnitudeParameterPruner pruner = new MagnitudeParameterPruner(MapPolicyArgs.of(
                "thresholds", thresholds("fc3.W", 0.1)));
        RecipeException e = assertThrows(RecipeException.class,
                () -> pruner.attach(new RecordingContext(TinyNetworks.mlp())));
        assertTrue(e.problem().contains("'fc3.W' matches no parameter"), e.problem());
    }
}
