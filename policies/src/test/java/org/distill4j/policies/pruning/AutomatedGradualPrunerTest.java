package org.distill4j.policies.pruning;

import static org.distill4j.policies.pruning.PruningAssertions.zeros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.distill4j.policies.MapPolicyArgs;
import org.distill4j.policies.RecordingContext;
import org.distill4j.policies.TinyNetworks;
import org.distill4j.policies.config.RecipeException;
import org.junit.jupiter.api.Test;

class AutomatedGradualPrunerTest {

    private static SortedSet<Integer> range(int start, int end, int frequency) {
        SortedSet<Integer> epochs = new TreeSet<>();
        for (int e = start; e < end; e += frequency) {
            epochs.add(e);
        }
        return epochs;
    }

    /** Distiller's AutomatedGradualPrunerBase.compute_target_sparsity, transcribed. */
    private static double distiller(double initial, double fin, int start, int end, int freq, int current) {
        int span = ((end - start - 1) / freq) * freq;
        return fin + (initial - fin) * Math.pow(1.0 - ((current - start) / (double) span), 3);
    }

    private static AutomatedGradualPruner agp(double initial, double fin, Object weights, boolean global) {
        return new AutomatedGradualPruner(MapPolicyArgs.of("initial_sparsity", initial, "final_sparsity", fin,
                "weights", weights, "global", global));
    }

    @Test
    void targetsMatchDistillersFormulaForAStartEndFrequencySchedule() {
        AutomatedGradualPruner pruner = agp(0.05, 0.9, List.of("fc1.W"), false);
        pruner.scheduled(range(2, 13, 3));
        for (int epoch : range(2, 13, 3)) {
            assertEquals(distiller(0.05, 0.9, 2, 13, 3, epoch), pruner.targetSparsity(epoch), 1e-12, "epoch " + epoch);
        }
    }

    @Test
    void targetReachesFinalSparsityInTheLastActiveEpoch() {
        AutomatedGradualPruner pruner = agp(0.0, 0.8, List.of("fc1.W"), false);
        pruner.scheduled(range(0, 10, 2));
        assertEquals(0.0, pruner.targetSparsity(0), 1e-12);
        assertEquals(0.8, pruner.targetSparsity(8), 1e-12);
        assertTrue(pruner.targetSparsity(4) > 0.8 * 0.5, "the cubic prunes more than linearly early on");
    }

    @Test
    void aOneEpochScheduleTargetsFinalSparsityAtOnce() {
        AutomatedGradualPruner pruner = agp(0.1, 0.6, List.of("fc1.W"), false);
        pruner.scheduled(new TreeSet<>(List.of(3)));
        assertEquals(0.6, pruner.targetSparsity(3), 1e-12);
    }

    @Test
    void withoutItsScheduleThePrunerFailsNamingScheduleAware() {
        AutomatedGradualPruner pruner = agp(0.1, 0.6, List.of("fc1.W"), false);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pruner.targetSparsity(0));
        assertTrue(e.getMessage().contains("ScheduleAware"), e.getMessage());
    }

    @Test
    void beingScheduledTwiceWithDifferentEpochsIsAnError() {
        AutomatedGradualPruner pruner = agp(0.1, 0.6, List.of("fc1.W"), false);
        pruner.scheduled(range(0, 4, 1));
        pruner.scheduled(range(0, 4, 1));
        assertThrows(IllegalStateException.class, () -> pruner.scheduled(range(0, 6, 1)));
    }

    @Test
    void eachWeightIsPrunedToTheTargetFractionAndTheTargetIsReported() {
        MultiLayerNetwork net = TinyNetworks.mlp();
        RecordingContext ctx = new RecordingContext(net);
        AutomatedGradualPruner pruner = agp(0.2, 0.6, "fc.\\.W", false);
        pruner.scheduled(range(0, 3, 1));
        pruner.attach(ctx);
        assertEquals(List.of("fc1.W", "fc2.W"), pruner.weights());

        pruner.onEpochBegin(ctx.atEpoch(0));
        assertEquals(6, zeros(ctx.masks().get("fc1.W")));
        assertEquals(3, zeros(ctx.masks().get("fc2.W")));
        assertFalse(ctx.masks().has("fc1.b"));
        assertEquals(0.2, ctx.reports().get("target_sparsity"), 1e-12);

        pruner.onEpochBegin(ctx.atEpoch(2));
        assertEquals(18, zeros(ctx.masks().get("fc1.W")));
        assertEquals(9, zeros(ctx.masks().get("fc2.W")));
        assertEquals(0.6, ctx.reports().get("target_sparsity"), 1e-12);
    }

    @Test
    void globalPruningTakesMoreFromTheTensorWithSmallerWeights() {
        MultiLayerNetwork net = TinyNetworks.mlp();
        net.getLayer("fc2").getParam("W").muli(0.001);
        RecordingContext perTensor = new RecordingContext(net);
        AutomatedGradualPruner local = agp(0.5, 0.5, List.of("fc1.W", "fc2.W"), false);
        local.scheduled(range(0, 1, 1));
        local.attach(perTensor);
        local.onEpochBegin(perTensor);
        assertEquals(15, zeros(perTensor.masks().get("fc1.W")));
        assertEquals(7, zeros(perTensor.masks().get("fc2.W")));

        RecordingContext globally = new RecordingContext(net);
        AutomatedGradualPruner global = agp(0.5, 0.5, List.of("fc1.W", "fc2.W"), true);
        global.scheduled(range(0, 1, 1));
        global.attach(globally);
        global.onEpochBegin(globally);
        assertEquals(15, zeros(globally.masks().get("fc2.W")), "all of the tiny fc2.W goes first");
        assertEquals(22 - 15, zeros(globally.masks().get("fc1.W")), "floor(0.5 * 45) = 22 pruned in all");
    }

    @Test
    void everyArgumentIsReadSoNoneIsReportedUnknown() {
        MapPolicyArgs args = MapPolicyArgs.of("initial_sparsity", 0.0, "final_sparsity", 0.5,
                "weights", List.of("fc1.W"), "global", true);
        new AutomatedGradualPruner(args);
        assertEquals(java.util.Set.of(), args.unknownKeys());
    }

    @Test
    void finalSparsityBelowInitialIsAnErrorAtFinalSparsity() {
        RecipeException e = assertThrows(RecipeException.class, () -> agp(0.5, 0.4, List.of("fc1.W"), false));
        assertTrue(e.problem().startsWith("final_sparsity: must be at least initial_sparsity"), e.problem());
        assertEquals(3, e.location().line());
    }

    @Test
    void aSparsityOfOneIsAnError() {
        RecipeException e = assertThrows(RecipeException.class, () -> agp(0.0, 1.0, List.of("fc1.W"), false));
        assertTrue(e.problem().contains("final_sparsity: must be in [0, 1)"), e.problem());
    }

    @Test
    void aNegativeInitialSparsityIsAnError() {
        RecipeException e = assertThrows(RecipeException.class, () -> agp(-0.1, 0.5, List.of("fc1.W"), false));
        assertTrue(e.problem().contains("initial_sparsity: must be in [0, 1)"), e.problem());
    }

    @Test
    void missingWeightsIsAnError() {
        RecipeException e = assertThrows(RecipeException.class, () -> new AutomatedGradualPruner(
                MapPolicyArgs.of("initial_sparsity", 0.0, "final_sparsity", 0.5)));
        assertTrue(e.problem().contains("weights"), e.problem());
    }

    @Test
    void aWeightNameThatMatchesNothingIsAnErrorAtAttachSuggestingTheNearest() {
        AutomatedGradualPruner pruner = agp(0.0, 0.5, List.of("fc1.w"), false);
        RecipeException e = assertThrows(RecipeException.class,
                () -> pruner.attach(new RecordingContext(TinyNetworks.mlp())));
        assertTrue(e.problem().contains("did you mean 'fc1.W'"), e.problem());
    }
}
