package org.distill4j.policies.pruning;

import static org.distill4j.policies.pruning.PruningAssertions.zeros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.distill4j.policies.MapPolicyArgs;
import org.distill4j.policies.RecordingContext;
import org.distill4j.policies.TinyNetworks;
import org.distill4j.policies.config.RecipeException;
import org.junit.jupiter.api.Test;

class SparsityLevelParameterPrunerTest {

    private static Map<String, Object> levels(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static RecordingContext prunedAtEpochBegin(SparsityLevelParameterPruner pruner) {
        RecordingContext ctx = new RecordingContext(TinyNetworks.mlp());
        pruner.attach(ctx);
        pruner.onEpochBegin(ctx);
        return ctx;
    }

    @Test
    void starIsTheLevelOfListedWeightsWithoutOneOfTheirOwn() {
        SparsityLevelParameterPruner pruner = new SparsityLevelParameterPruner(MapPolicyArgs.of(
                "levels", levels("fc1.W", 0.5, "*", 0.2), "weights", List.of("fc1.W", "fc2.W")));
        RecordingContext ctx = prunedAtEpochBegin(pruner);
        assertEquals(Map.of("fc1.W", 0.5, "fc2.W", 0.2), pruner.levels());
        assertEquals(15, zeros(ctx.masks().get("fc1.W")));
        assertEquals(3, zeros(ctx.masks().get("fc2.W")));
        assertEquals(0.5, ctx.reports().get("fc1.W.target_sparsity"));
        assertEquals(0.2, ctx.reports().get("fc2.W.target_sparsity"));
    }

    @Test
    void withoutWeightsTheLevelKeysNameTheWeights() {
        SparsityLevelParameterPruner pruner = new SparsityLevelParameterPruner(MapPolicyArgs.of(
                "levels", levels("fc2.W", 0.4)));
        RecordingContext ctx = prunedAtEpochBegin(pruner);
        assertEquals(Set.of("fc2.W"), ctx.masks().asMap().keySet());
        assertEquals(6, zeros(ctx.masks().get("fc2.W")));
    }

    @Test
    void withoutWeightsStarCoversEveryWeightTensorButNoBias() {
        SparsityLevelParameterPruner pruner = new SparsityLevelParameterPruner(MapPolicyArgs.of(
                "levels", levels("*", 0.3, "fc1.W", 0.5)));
        RecordingContext ctx = prunedAtEpochBegin(pruner);
        assertEquals(List.of("fc1.W", "fc2.W"), pruner.weights());
        assertEquals(Map.of("fc1.W", 0.5, "fc2.W", 0.3), pruner.levels());
    }

    @Test
    void aLevelKeyMayBeARegularExpression() {
        SparsityLevelParameterPruner pruner = new SparsityLevelParameterPruner(MapPolicyArgs.of(
                "levels", levels("fc\\d\\.W", 0.4)));
        prunedAtEpochBegin(pruner);
        assertEquals(Map.of("fc1.W", 0.4, "fc2.W", 0.4), pruner.levels());
    }

    @Test
    void aLevelOfOneIsAnErrorAtItsKey() {
        RecipeException e = assertThrows(RecipeException.class, () -> new SparsityLevelParameterPruner(
                MapPolicyArgs.of("levels", levels("fc1.W", 0.5, "fc2.W", 1.0))));
        assertEquals("levels: 'fc2.W' must be in [0, 1), got 1.0", e.problem());
        assertEquals(2, e.location().line());
    }

    @Test
    void aListedWeightWithoutLevelOrStarIsAnError() {
        SparsityLevelParameterPruner pruner = new SparsityLevelParameterPruner(MapPolicyArgs.of(
                "levels", levels("fc1.W", 0.5), "weights", List.of("fc1.W", "fc2.W")));
        RecipeException e = assertThrows(RecipeException.class,
                () -> pruner.attach(new RecordingContext(TinyNetworks.mlp())));
        assertTrue(e.problem().contains("'fc2.W' has no entry in levels"), e.problem());
    }

    @Test
    void aLevelForAWeightThatIsNotPrunedIsAnError() {
        SparsityLevelParameterPruner pruner = new SparsityLevelParameterPruner(MapPolicyArgs.of(
                "levels", levels("fc1.W", 0.5, "fc2.W", 0.5), "weights", List.of("fc1.W")));
        RecipeException e = assertThrows(RecipeException.class,
                () -> pruner.attach(new RecordingContext(TinyNetworks.mlp())));
        assertTrue(e.problem().contains("'fc2.W' names none of the pruned weights"), e.problem());
    }

    @Test
    void missingLevelsIsAnError() {
        RecipeException e = assertThrows(RecipeException.class, () -> new SparsityLevelParameterPruner(
                MapPolicyArgs.of("weights", List.of("fc1.W"))));
        assertTrue(e.problem().contains("levels"), e.problem());
    }

    @Test
    void globalPruningWithDifferentLevelsIsAnErrorAtGlobal() {
        SparsityLevelParameterPruner pruner = new SparsityLevelParameterPruner(MapPolicyArgs.of(
                "levels", levels("fc1.W", 0.5, "fc2.W", 0.6), "global", true));
        RecipeException e = assertThrows(RecipeException.class,
                () -> pruner.attach(new RecordingContext(TinyNetworks.mlp())));
        assertTrue(e.problem().startsWith("global:"), e.problem());
        assertEquals(3, e.location().line());
    }

    @Test
    void globalPruningWithOneLevelPrunesThatFractionOfAllWeights() {
        SparsityLevelParameterPruner pruner = new SparsityLevelParameterPruner(MapPolicyArgs.of(
                "levels", levels("*", 0.5), "global", true));
        RecordingContext ctx = prunedAtEpochBegin(pruner);
        assertEquals(22, zeros(ctx.masks().get("fc1.W")) + zeros(ctx.masks().get("fc2.W")));
        assertEquals(0.5, ctx.reports().get("target_sparsity"));
    }

    @Test
    void aLevelOfZeroLeavesTheWeightAndAMaskAnotherPrunerSetAlone() {
        RecordingContext ctx = new RecordingContext(TinyNetworks.mlp());
        org.nd4j.linalg.api.ndarray.INDArray earlier = org.nd4j.linalg.factory.Nd4j.zeros(
                org.nd4j.linalg.api.buffer.DataType.FLOAT, 5, 3);
        ctx.masks().set("fc2.W", earlier);
        SparsityLevelParameterPruner pruner = new SparsityLevelParameterPruner(MapPolicyArgs.of(
                "levels", levels("fc1.W", 0.5, "*", 0.0)));
        pruner.attach(ctx);
        pruner.onEpochBegin(ctx);
        assertEquals(List.of("fc1.W"), pruner.weights());
        assertTrue(ctx.masks().get("fc2.W") == earlier);
    }

    @Test
    void levelsThatAreAllZeroAreAnError() {
        SparsityLevelParameterPruner pruner = new SparsityLevelParameterPruner(MapPolicyArgs.of(
                "levels", levels("*", 0.0)));
        RecipeException e = assertThrows(RecipeException.class,
                () -> pruner.attach(new RecordingContext(TinyNetworks.mlp())));
        assertTrue(e.problem().startsWith("levels: every level is 0"), e.problem());
    }
}
