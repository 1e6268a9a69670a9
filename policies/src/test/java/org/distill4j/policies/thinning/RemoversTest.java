package org.distill4j.policies.thinning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.distill4j.policies.MapPolicyArgs;
import org.distill4j.policies.Policy;
import org.distill4j.policies.config.RecipeException;
import org.distill4j.policies.pruning.L1RankedStructureParameterPruner;
import org.distill4j.policies.pruning.L2RankedStructureParameterPruner;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ChannelRemover, NeuronRemover and FilterRemover's options on NetworkThinnerTest's network:
 * conv1 (4@3x3) → bn1 → pool1 → conv2 (3@2x2, W [3, 4, 2, 2]) → fc1 (12 → 5) → fc2 (5 → 3).
 */
class RemoversTest {

    /** Prunes with {@code pruner}, applies the masks, thins with {@code remover}; returns the outputs before and after thinning. */
    private static INDArray[] pruneAndThin(NetworkThinnerTest.ReplacingContext ctx, Policy pruner, Policy remover) {
        pruner.attach(ctx);
        pruner.onEpochBegin(ctx);
        ctx.masks().applyToParameters(ctx.parameters());
        INDArray x = NetworkThinnerTest.batch().getFeatures();
        INDArray before = ((MultiLayerNetwork) ctx.model()).output(x);
        remover.attach(ctx);
        remover.onEpochBegin(ctx);
        return new INDArray[] {before, ((MultiLayerNetwork) ctx.model()).output(x)};
    }

    private static MultiLayerNetwork thin(NetworkThinnerTest.ReplacingContext ctx) {
        return (MultiLayerNetwork) ctx.model();
    }

    @Test
    void channelRemoverRemovesZeroInputChannelsWithTheFiltersThatProduceThem() {
        var ctx = new NetworkThinnerTest.ReplacingContext(NetworkThinnerTest.convNet());
        INDArray[] out = pruneAndThin(ctx, new L1RankedStructureParameterPruner(MapPolicyArgs.of("group_type", "Channels",
                "desired_sparsity", 0.5, "weights", "conv2.W")), new ChannelRemover(MapPolicyArgs.of()));
        assertArrayEquals(new long[] {2, 1, 3, 3}, thin(ctx).getLayer(0).getParam("W").shape());
        assertEquals(2, thin(ctx).getLayer(1).getParam("gamma").length());
        assertArrayEquals(new long[] {3, 2, 2, 2}, thin(ctx).getLayer(3).getParam("W").shape());
        assertEquals(2.0, ctx.reports().get("removed"));
        assertTrue(out[0].equalsWithEps(out[1], 1e-5), out[0] + "\n" + out[1]);
    }

    @Test
    void neuronRemoverRemovesNeuronsWhoseIncomingWeightsArePrunedRows() {
        var ctx = new NetworkThinnerTest.ReplacingContext(NetworkThinnerTest.convNet());
        INDArray[] out = pruneAndThin(ctx, new L2RankedStructureParameterPruner(MapPolicyArgs.of("group_type", "Rows",
                "desired_sparsity", 0.4, "weights", "fc1.W")), new NeuronRemover(MapPolicyArgs.of()));
        assertArrayEquals(new long[] {12, 3}, thin(ctx).getLayer(4).getParam("W").shape());
        assertArrayEquals(new long[] {3, 3}, thin(ctx).getLayer(5).getParam("W").shape());
        assertEquals(3.0, ctx.reports().get("fc1.units"));
        assertTrue(out[0].equalsWithEps(out[1], 1e-5));
    }

    @Test
    void neuronRemoverRemovesNeuronsWhoseOutgoingWeightsArePrunedColsOfTheNextLayer() {
        var ctx = new NetworkThinnerTest.ReplacingContext(NetworkThinnerTest.convNet());
        MultiLayerNetwork net = thin(ctx);
        INDArray incoming = net.getLayer(4).getParam("W").dup();
        INDArray[] out = pruneAndThin(ctx, new L1RankedStructureParameterPruner(MapPolicyArgs.of("group_type", "Cols",
                "desired_sparsity", 0.4, "weights", "fc2.W")), new NeuronRemover(MapPolicyArgs.of()));
        assertArrayEquals(new long[] {12, 3}, thin(ctx).getLayer(4).getParam("W").shape());
        assertArrayEquals(new long[] {3, 3}, thin(ctx).getLayer(5).getParam("W").shape());
        assertTrue(incoming.norm1Number().doubleValue() > thin(ctx).getLayer(4).getParam("W").norm1Number().doubleValue(),
                "removed neurons had non-zero incoming weights");
        assertTrue(out[0].equalsWithEps(out[1], 1e-5));
    }

    @Test
    void filterRemoverThinsOnlyTheLayersItNames() {
        var ctx = new NetworkThinnerTest.ReplacingContext(NetworkThinnerTest.convNet());
        pruneAndThin(ctx, new L1RankedStructureParameterPruner(MapPolicyArgs.of("group_type", "Filters",
                "desired_sparsity", 0.5, "weights", List.of("conv1.W", "conv2.W"))),
                new FilterRemover(MapPolicyArgs.of("layers", List.of("conv2"))));
        assertEquals(4, thin(ctx).getLayer(0).getParam("W").size(0), "conv1 keeps its zero filters");
        assertEquals(2, thin(ctx).getLayer(3).getParam("W").size(0));
    }

    @Test
    void filterRemoverKeepsOneFilterOfALayerWhoseFiltersAreAllZero() {
        var ctx = new NetworkThinnerTest.ReplacingContext(NetworkThinnerTest.convNet());
        MultiLayerNetwork net = thin(ctx);
        net.getLayer(3).getParam("W").assign(0);
        FilterRemover remover = new FilterRemover(MapPolicyArgs.of());
        remover.attach(ctx);
        remover.onEpochBegin(ctx);
        assertArrayEquals(new long[] {1, 4, 2, 2}, thin(ctx).getLayer(3).getParam("W").shape());
        assertArrayEquals(new long[] {4, 5}, thin(ctx).getLayer(4).getParam("W").shape());
        assertEquals(2.0, ctx.reports().get("removed"));
    }

    @Test
    void aLayersPatternThatNamesNoLayerIsARecipeError() {
        var ctx = new NetworkThinnerTest.ReplacingContext(NetworkThinnerTest.convNet());
        NeuronRemover remover = new NeuronRemover(MapPolicyArgs.of("layers", List.of("fc7")));
        RecipeException e = assertThrows(RecipeException.class, () -> remover.attach(ctx));
        assertTrue(e.problem().startsWith("layers: 'fc7' names no layer"), e.problem());
        assertEquals(2, e.location().line());
    }

    @Test
    void withNothingPrunedNothingIsRemovedAndTheModelStays() {
        var ctx = new NetworkThinnerTest.ReplacingContext(NetworkThinnerTest.convNet());
        MultiLayerNetwork before = thin(ctx);
        FilterRemover remover = new FilterRemover(MapPolicyArgs.of());
        remover.attach(ctx);
        remover.onEpochBegin(ctx);
        assertTrue(before == thin(ctx));
        assertEquals(0.0, ctx.reports().get("removed"));
    }
}
