package org.distill4j.policies.pruning;

import static org.distill4j.policies.pruning.PruningAssertions.zeros;
import static org.distill4j.policies.pruning.StructuredNets.flags;
import static org.distill4j.policies.pruning.StructuredNets.prunedStructures;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.distill4j.policies.MapPolicyArgs;
import org.distill4j.policies.RecordingContext;
import org.distill4j.policies.config.RecipeException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * L1/L2RankedStructureParameterPruner and their _AGP variants on crafted tensors. DL4J layouts:
 * conv W [nOut, nIn, kH, kW], dense W [nIn, nOut]; Filters = W[f, :, :, :], Channels = W[:, c, :, :],
 * Rows = output neuron W[:, o] (a row of PyTorch's [out, in] matrix), Cols = input W[i, :].
 */
class RankedStructurePrunerTest {

    private static RecordingContext context() {
        return new RecordingContext(StructuredNets.convNet());
    }

    private static RankedStructurePruner pruner(int norm, double sparsity, String type, Object weights, Object... extra) {
        Object[] args = new Object[6 + extra.length];
        args[0] = "group_type";
        args[1] = type;
        args[2] = "desired_sparsity";
        args[3] = sparsity;
        args[4] = "weights";
        args[5] = weights;
        System.arraycopy(extra, 0, args, 6, extra.length);
        MapPolicyArgs a = MapPolicyArgs.of(args);
        return norm == 1 ? new L1RankedStructureParameterPruner(a) : new L2RankedStructureParameterPruner(a);
    }

    private static RecordingContext pruned(RankedStructurePruner pruner, RecordingContext ctx) {
        pruner.attach(ctx);
        pruner.onEpochBegin(ctx);
        return ctx;
    }

    /** Overwrites a conv weight [nOut, nIn, kH, kW] so that every element of structure s (at dimension dim) is ±scale[s]. */
    private static void scaleStructures(INDArray w, int dim, double... scale) {
        long[] shape = w.shape();
        long inner = 1;
        for (int d = dim + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        long n = shape[dim];
        final long in = inner;
        StructuredNets.fill(w, i -> (i % 2 == 0 ? 1 : -1) * scale[(int) ((i / in) % n)]);
    }

    @Test
    void filtersAreOutputChannelsOfAConvolutionAndTheirBiasGoesWithThem() {
        RecordingContext ctx = context();
        scaleStructures(ctx.parameters().get("conv2.W"), 0, 0.3, 0.1, 0.4, 0.2);
        pruned(pruner(1, 0.5, "Filters", "conv2.W"), ctx);
        assertArrayEquals(flags(4, 1, 3), prunedStructures(ctx.masks().get("conv2.W"), StructureType.FILTERS));
        INDArray bias = ctx.masks().get("conv2.b");
        assertEquals(List.of(1.0, 0.0, 1.0, 0.0), List.of(bias.getDouble(0), bias.getDouble(1), bias.getDouble(2),
                bias.getDouble(3)));
    }

    @Test
    void channelsAreInputChannelsOfAConvolutionAndLeaveTheBiasAlone() {
        RecordingContext ctx = context();
        scaleStructures(ctx.parameters().get("conv2.W"), 1, 0.3, 0.1, 0.4, 0.2);
        pruned(pruner(1, 0.25, "Channels", "conv2.W"), ctx);
        assertArrayEquals(flags(4, 1), prunedStructures(ctx.masks().get("conv2.W"), StructureType.CHANNELS));
        assertFalse(ctx.masks().has("conv2.b"));
    }

    @Test
    void rowsAreOutputNeuronsOfADenseWeightThatIsColumnsInDl4j() {
        RecordingContext ctx = context();
        scaleStructures(ctx.parameters().get("fc1.W"), 1, 0.5, 0.05, 0.4, 0.01, 0.3); // W [36, 5]: column o
        pruned(pruner(2, 0.4, "Rows", "fc1.W"), ctx);
        assertArrayEquals(flags(5, 1, 3), prunedStructures(ctx.masks().get("fc1.W"), StructureType.ROWS));
        assertEquals(0.0, ctx.masks().get("fc1.b").getDouble(1));
        assertEquals(0.0, ctx.masks().get("fc1.b").getDouble(3));
        assertEquals(3.0, ctx.masks().get("fc1.b").sumNumber().doubleValue());
    }

    @Test
    void colsAreInputsOfADenseWeightThatIsRowsInDl4jAndLeaveTheBiasAlone() {
        RecordingContext ctx = context();
        double[] scale = new double[36];
        for (int i = 0; i < 36; i++) {
            scale[i] = 0.01 * ((i * 7) % 36 + 1); // a permutation of 0.01 .. 0.36
        }
        scaleStructures(ctx.parameters().get("fc1.W"), 0, scale);
        pruned(pruner(1, 0.25, "Cols", "fc1.W"), ctx);
        boolean[] expected = new boolean[36];
        for (int i = 0; i < 36; i++) {
            expected[i] = scale[i] < 0.095; // the 9 smallest of 36
        }
        assertArrayEquals(expected, prunedStructures(ctx.masks().get("fc1.W"), StructureType.COLS));
        assertFalse(ctx.masks().has("fc1.b"));
    }

    @Test
    void theDesiredSparsityIsReachedAsWholeStructuresRoundingDown() {
        RecordingContext ctx = context();
        pruned(pruner(1, 0.3, "Cols", "fc1.W"), ctx); // floor(0.3 · 36) = 10 inputs of 5 weights each
        INDArray mask = ctx.masks().get("fc1.W");
        boolean[] structures = prunedStructures(mask, StructureType.COLS); // fails on a partly masked input
        int count = 0;
        for (boolean s : structures) {
            count += s ? 1 : 0;
        }
        assertEquals(10, count);
        assertEquals(50, zeros(mask));
        assertEquals(0.3, ctx.reports().get("target_sparsity"));
    }

    @Test
    void l1AndL2RankTheSameTensorDifferently() {
        // Rows of fc1.W [36, 5]: output 0 has 36 weights of 1 (mean |w| 1, rms 1), output 1 a single
        // weight of 7 (mean |w| 0.19, rms 1.17); outputs 2..4 are larger under both norms.
        RecordingContext ctx = context();
        StructuredNets.fill(ctx.parameters().get("fc1.W"), i -> {
            int row = i / 5;
            int col = i % 5;
            return switch (col) {
                case 0 -> 1.0;
                case 1 -> row == 0 ? 7.0 : 0.0;
                default -> 2.0;
            };
        });
        RecordingContext l1 = pruned(pruner(1, 0.2, "Rows", "fc1.W"), ctx);
        assertArrayEquals(flags(5, 1), prunedStructures(l1.masks().get("fc1.W"), StructureType.ROWS));

        RecordingContext l2 = pruned(pruner(2, 0.2, "Rows", "fc1.W"), new RecordingContext(ctx.model()));
        assertArrayEquals(flags(5, 0), prunedStructures(l2.masks().get("fc1.W"), StructureType.ROWS));
    }

    @Test
    void withLeaderEveryWeightPrunesTheLeadersStructures() {
        RecordingContext ctx = context();
        scaleStructures(ctx.parameters().get("conv1.W"), 0, 0.1, 0.2, 0.3, 0.4);  // leader: 0 and 1 weakest
        scaleStructures(ctx.parameters().get("conv2.W"), 0, 0.4, 0.3, 0.2, 0.1);  // on its own: 2 and 3
        pruned(pruner(1, 0.5, "Filters", List.of("conv1.W", "conv2.W"), "group_dependency", "Leader"), ctx);
        assertArrayEquals(flags(4, 0, 1), prunedStructures(ctx.masks().get("conv1.W"), StructureType.FILTERS));
        assertArrayEquals(flags(4, 0, 1), prunedStructures(ctx.masks().get("conv2.W"), StructureType.FILTERS));

        RecordingContext alone = pruned(pruner(1, 0.5, "Filters", List.of("conv1.W", "conv2.W")),
                new RecordingContext(ctx.model()));
        assertArrayEquals(flags(4, 2, 3), prunedStructures(alone.masks().get("conv2.W"), StructureType.FILTERS));
    }

    @Test
    void theLeaderIsTheFirstWeightListedAsInDistiller() {
        RecordingContext ctx = context();
        scaleStructures(ctx.parameters().get("conv1.W"), 0, 0.1, 0.2, 0.3, 0.4);
        scaleStructures(ctx.parameters().get("conv2.W"), 0, 0.4, 0.3, 0.2, 0.1);
        pruned(pruner(1, 0.5, "Filters", List.of("conv2.W", "conv1.W"), "group_dependency", "Leader"), ctx);
        assertArrayEquals(flags(4, 2, 3), prunedStructures(ctx.masks().get("conv1.W"), StructureType.FILTERS));
        assertArrayEquals(flags(4, 2, 3), prunedStructures(ctx.masks().get("conv2.W"), StructureType.FILTERS));
    }

    @Test
    void withLeaderWeightsWithAnotherNumberOfStructuresAreARecipeError() {
        RankedStructurePruner pruner = pruner(1, 0.5, "Rows", List.of("fc1.W", "fc2.W"), "group_dependency", "Leader");
        RecipeException e = assertThrows(RecipeException.class, () -> pruner.attach(context()));
        assertTrue(e.problem().startsWith("group_dependency: Leader needs as many structures in every weight: "
                + "fc2.W has 3 ROWS, the leader fc1.W has 5"), e.problem());
        assertEquals(5, e.location().line(), "at group_dependency");
    }

    @Test
    void aGroupTypeForTheOtherKindOfWeightIsARecipeErrorNamingTheShape() {
        RecipeException conv = assertThrows(RecipeException.class,
                () -> pruner(1, 0.5, "Filters", "fc1.W").attach(context()));
        assertTrue(conv.problem().startsWith("group_type: fc1.W has shape [36, 5]: group type FILTERS needs a "
                + "convolution weight"), conv.problem());
        assertEquals(2, conv.location().line(), "at group_type");
        RecipeException dense = assertThrows(RecipeException.class,
                () -> pruner(2, 0.5, "Cols", "conv1.W").attach(context()));
        assertTrue(dense.problem().contains("needs a dense weight [nIn, nOut]"), dense.problem());
    }

    @Test
    void prunedStructuresStayPrunedWhenTheFractionGrows() {
        RecordingContext ctx = context();
        RankedStructurePruner agp = new L1RankedStructureParameterPruner_AGP(MapPolicyArgs.of("group_type", "Cols",
                "initial_sparsity", 0.2, "final_sparsity", 0.6, "weights", "fc1.W"));
        ((L1RankedStructureParameterPruner_AGP) agp).scheduled(new TreeSet<>(List.of(0, 1)));
        agp.attach(ctx);
        agp.onEpochBegin(ctx.atEpoch(0));
        boolean[] first = prunedStructures(ctx.masks().get("fc1.W"), StructureType.COLS);
        // training moves the (unmasked) weights: the pruned inputs grow large, the kept ones shrink
        INDArray w = ctx.parameters().get("fc1.W");
        for (int i = 0; i < 36; i++) {
            w.getRow(i).assign(first[i] ? 5.0 : 0.01 * (i + 1));
        }
        agp.onEpochBegin(ctx.atEpoch(1));
        boolean[] second = prunedStructures(ctx.masks().get("fc1.W"), StructureType.COLS);
        for (int i = 0; i < 36; i++) {
            assertTrue(!first[i] || second[i], "input " + i + " came back");
        }
        assertEquals(21, zeros(ctx.masks().get("fc1.W")) / 5, "floor(0.6 · 36)");
    }

    /** AGP target s(e) = final + (initial - final)(1 - (e - first)/(last - first))³. */
    private static void followsTheGradualSchedule(boolean l1) {
        MapPolicyArgs args = MapPolicyArgs.of("group_type", "Cols", "initial_sparsity", 0.25, "final_sparsity", 0.75,
                "weights", "fc1.W");
        RankedStructurePruner pruner = l1 ? new L1RankedStructureParameterPruner_AGP(args)
                : new L2RankedStructureParameterPruner_AGP(args);
        SortedSet<Integer> epochs = new TreeSet<>(List.of(2, 4, 6, 8));
        ((org.distill4j.policies.ScheduleAware) pruner).scheduled(epochs);
        RecordingContext ctx = context();
        pruner.attach(ctx);
        int[] expected = {9, 21, 26, 27}; // floor(36 · s): s = 0.25, 0.6019, 0.7315, 0.75
        int k = 0;
        for (int epoch : epochs) {
            pruner.onEpochBegin(ctx.atEpoch(epoch));
            double progress = (epoch - 2) / 6.0;
            double target = 0.75 + (0.25 - 0.75) * Math.pow(1 - progress, 3);
            assertEquals(target, ctx.reports().get("target_sparsity"), 1e-12, "epoch " + epoch);
            assertEquals(expected[k++], zeros(ctx.masks().get("fc1.W")) / 5, "pruned inputs in epoch " + epoch);
        }
    }

    @Test
    void l1AgpFollowsTheGradualSchedule() {
        followsTheGradualSchedule(true);
    }

    @Test
    void l2AgpFollowsTheGradualSchedule() {
        followsTheGradualSchedule(false);
    }

    @Test
    void anAgpPrunerWithoutItsScheduleFailsNamingScheduleAware() {
        RankedStructurePruner pruner = new L2RankedStructureParameterPruner_AGP(MapPolicyArgs.of("group_type", "Rows",
                "initial_sparsity", 0.1, "final_sparsity", 0.5, "weights", "fc1.W"));
        RecordingContext ctx = context();
        pruner.attach(ctx);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pruner.onEpochBegin(ctx));
        assertTrue(e.getMessage().contains("ScheduleAware"), e.getMessage());
    }

    @Test
    void anAgpFinalSparsityBelowTheInitialIsAnErrorAtFinalSparsity() {
        RecipeException e = assertThrows(RecipeException.class, () -> new L1RankedStructureParameterPruner_AGP(
                MapPolicyArgs.of("group_type", "Filters", "initial_sparsity", 0.5, "final_sparsity", 0.3, "weights", "conv1.W")));
        assertTrue(e.problem().startsWith("final_sparsity: must be at least initial_sparsity"), e.problem());
        assertEquals(4, e.location().line());
    }

    @Test
    void anUnknownGroupTypeIsAnErrorAtGroupType() {
        RecipeException e = assertThrows(RecipeException.class, () -> pruner(1, 0.5, "Kernels", "conv1.W"));
        assertTrue(e.problem().startsWith("group_type:"), e.problem());
        assertTrue(e.problem().contains("'Kernels'"), e.problem());
        assertEquals(2, e.location().line());
    }

    @Test
    void aMissingGroupTypeIsAnErrorListingTheTypes() {
        RecipeException e = assertThrows(RecipeException.class, () -> new L1RankedStructureParameterPruner(
                MapPolicyArgs.of("desired_sparsity", 0.5, "weights", "conv1.W")));
        assertEquals("group_type: is required: Filters, Channels, Rows or Cols", e.problem());
    }

    @Test
    void aGroupDependencyOtherThanLeaderIsAnError() {
        RecipeException e = assertThrows(RecipeException.class,
                () -> pruner(1, 0.5, "Filters", "conv1.W", "group_dependency", "Follower"));
        assertTrue(e.problem().startsWith("group_dependency: the only dependency is Leader"), e.problem());
        assertEquals(5, e.location().line());
    }

    @Test
    void aDesiredSparsityOfOneIsAnError() {
        RecipeException e = assertThrows(RecipeException.class, () -> pruner(2, 1.0, "Filters", "conv1.W"));
        assertEquals("desired_sparsity: must be in [0, 1), got 1.0", e.problem());
        assertEquals(3, e.location().line());
    }

    @Test
    void everyArgumentIsRead() {
        MapPolicyArgs plain = MapPolicyArgs.of("group_type", "Filters", "desired_sparsity", 0.5, "weights", "conv1.W",
                "group_dependency", "Leader");
        new L2RankedStructureParameterPruner(plain);
        assertEquals(Set.of(), plain.unknownKeys());
        MapPolicyArgs agp = MapPolicyArgs.of("group_type", "Filters", "initial_sparsity", 0.1, "final_sparsity", 0.5,
                "weights", "conv1.W", "group_dependency", "Leader");
        new L1RankedStructureParameterPruner_AGP(agp);
        assertEquals(Set.of(), agp.unknownKeys());
    }
}
