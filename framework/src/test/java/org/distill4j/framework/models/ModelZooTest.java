package org.distill4j.framework.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.distill4j.policies.ModelParameters;
import org.junit.jupiter.api.Test;

class ModelZooTest {
    private static final OptimizerSettings SGD = OptimizerSettings.sgd(0.1);

    @Test
    void lenet300HasStableLayerNamesAndTheTextbookParameterCount() {
        MultiLayerNetwork net = ModelZoo.build("lenet300_100", List.of(), 1, SGD);
        assertEquals(List.of("fc1.W", "fc1.b", "fc2.W", "fc2.b", "fc3.W", "fc3.b"),
                List.copyOf(ModelParameters.of(net).names()));
        assertEquals(266_610, net.numParams());
    }

    @Test
    void lenet5SummaryCountsParametersAndMacsPerLayer() {
        ModelSummary summary = ModelSummary.of(ModelZoo.build("lenet5", List.of(), 1, SGD));
        assertEquals(List.of("conv1", "pool1", "conv2", "pool2", "fc1", "fc2"),
                summary.layers().stream().map(LayerStats::name).toList());
        assertEquals(List.of(520L, 0L, 25_050L, 0L, 400_500L, 5_010L),
                summary.layers().stream().map(LayerStats::params).toList());
        // conv: output positions x nOut x nIn x k x k; dense: nIn x nOut
        assertEquals(List.of(24L * 24 * 20 * 25, 0L, 8L * 8 * 50 * 20 * 25, 0L, 800L * 500, 500L * 10),
                summary.layers().stream().map(LayerStats::macs).toList());
        assertEquals(List.of("ConvolutionLayer", "SubsamplingLayer", "ConvolutionLayer", "SubsamplingLayer", "DenseLayer",
                "OutputLayer"), summary.layers().stream().map(LayerStats::type).toList(), "DL4J's types, fast layers or not");
    }

    @Test
    void mlpTakesItsHiddenSizesFromTheRecipe() {
        MultiLayerNetwork net = ModelZoo.build("mlp", List.of(32), 1, SGD);
        assertEquals(784 * 32 + 32 + 32 * 10 + 10, net.numParams());
        assertEquals(List.of("fc1.W", "fc1.b", "fc2.W", "fc2.b"), List.copyOf(ModelParameters.of(net).names()));
    }

    @Test
    void theSameSeedBuildsTheSameWeights() {
        assertEquals(ModelZoo.build("lenet300_100", List.of(), 5, SGD).params(),
                ModelZoo.build("lenet300_100", List.of(), 5, SGD).params());
    }

    @Test
    void anUnknownArchitectureIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ModelZoo.build("resnet", List.of(), 1, SGD));
    }

    @Test
    void summarySparsityCountsZerosOfTheNamedLayersOnly() {
        MultiLayerNetwork net = ModelZoo.build("lenet300_100", List.of(), 1, SGD);
        net.getLayer(0).getParam("W").assign(0);
        ModelSummary summary = ModelSummary.of(net);
        assertEquals(1.0, summary.weightSparsity(List.of("fc1")), 1e-12);
        assertEquals(235_200.0 / (235_200 + 30_000 + 1_000), summary.weightSparsity(List.of()), 1e-9);
    }
}
