package org.distill4j.policies.lowrank;

import static org.distill4j.policies.lowrank.SmallNetworks.maxDiff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.distill4j.policies.ModelParameters;
import org.distill4j.policies.surgery.UpdaterStates;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;

class LowRankFactorizationTest {

    @Test
    void aDenseLayerAtFullRankGivesTheSameOutputAndTheWholeNetworkToo() {
        MultiLayerNetwork net = SmallNetworks.mlp(new Nesterovs(0.05, 0.9));
        DataSet batch = SmallNetworks.batch(20, 4, 32, 1);
        SmallNetworks.train(net, batch, 5);
        MultiLayerNetwork factorized = LowRankFactorization.factorize(net, Map.of("fc1", RankRule.rank(16))).network();

        List<INDArray> before = net.feedForward(batch.getFeatures(), false);
        List<INDArray> after = factorized.feedForward(batch.getFeatures(), false);
        // activations: [input, fc1, fc2, fc3] before; [input, fc1_u, fc1_v, fc2, fc3] after
        assertTrue(maxDiff(before.get(1), after.get(2)) < 1e-5, "fc1 output differs by " + maxDiff(before.get(1), after.get(2)));
        assertTrue(maxDiff(net.output(batch.getFeatures()), factorized.output(batch.getFeatures())) < 1e-5);
    }

    @Test
    void theApproximationErrorFallsAsTheRankGrows() {
        MultiLayerNetwork net = SmallNetworks.mlp(new Nesterovs(0.05, 0.9));
        DataSet batch = SmallNetworks.batch(20, 4, 64, 2);
        INDArray original = net.feedForward(batch.getFeatures(), false).get(1);
        INDArray w = net.getLayer("fc1").getParam("W");
        double previousLayer = Double.POSITIVE_INFINITY;
        double previousWeight = Double.POSITIVE_INFINITY;
        for (int r = 1; r <= 16; r++) {
            MultiLayerNetwork f = LowRankFactorization.factorize(net, Map.of("fc1", RankRule.rank(r))).network();
            double layerError = f.feedForward(batch.getFeatures(), false).get(2).sub(original).norm2Number().doubleValue();
            INDArray product = f.getLayer("fc1_u").getParam("W").mmul(f.getLayer("fc1_v").getParam("W"));
            double weightError = product.sub(w).norm2Number().doubleValue();
            assertTrue(weightError < previousWeight, "rank " + r + ": weight error " + weightError + " >= " + previousWeight);
            assertTrue(layerError <= previousLayer + 1e-6, "rank " + r + ": output error " + layerError + " > " + previousLayer);
            previousWeight = weightError;
            previousLayer = layerError;
        }
        assertTrue(previousWeight < 1e-5, "full rank leaves a weight error of " + previousWeight);
    }

    @Test
    void newDenseLayersAreNamedShapedAndConfiguredAsDocumented() {
        MultiLayerNetwork net = SmallNetworks.mlp(new Nesterovs(0.05, 0.9));
        LowRankFactorization.Result result = LowRankFactorization.factorize(net, Map.of("fc1", RankRule.rank(5),
                "fc3", RankRule.rank(2)));
        MultiLayerNetwork f = result.network();
        assertEquals(List.of("fc1_u.W", "fc1_v.W", "fc1_v.b", "fc2.W", "fc2.b", "fc3_u.W", "fc3_v.W", "fc3_v.b"),
                List.copyOf(ModelParameters.of(f).names()));
        DenseLayer u = (DenseLayer) f.getLayer("fc1_u").conf().getLayer();
        assertEquals(20, u.getNIn());
        assertEquals(5, u.getNOut());
        assertTrue(u.getActivationFn() instanceof ActivationIdentity);
        assertTrue(!u.hasBias());
        DenseLayer v = (DenseLayer) f.getLayer("fc1_v").conf().getLayer();
        assertEquals(5, v.getNIn());
        assertEquals(16, v.getNOut());
        assertTrue(v.getActivationFn() instanceof ActivationReLU);
        assertTrue(f.getLayer("fc3_v").conf().getLayer() instanceof OutputLayer);
        assertTrue(f.getLayer("fc3_u").conf().getLayer() instanceof DenseLayer);
        assertEquals(net.getLayer("fc1").getParam("b"), f.getLayer("fc1_v").getParam("b"));
        assertEquals(net.getLayer("fc2").getParam("W"), f.getLayer("fc2").getParam("W"));

        LayerFactorization fc1 = result.layers().get(0);
        assertEquals("fc1", fc1.layer());
        assertEquals(20 * 16 + 16, fc1.paramsBefore());
        assertEquals(20 * 5 + 5 * 16 + 16, fc1.paramsAfter());
        assertEquals(f.getLayer("fc1_u").numParams() + f.getLayer("fc1_v").numParams(), fc1.paramsAfter());
        assertEquals(16, fc1.fullRank());
    }

    @Test
    void untouchedLayersKeepTheirParametersAndOptimizerStateBitForBit() {
        MultiLayerNetwork net = SmallNetworks.mlp(new Adam(0.01));
        DataSet batch = SmallNetworks.batch(20, 4, 32, 3);
        SmallNetworks.train(net, batch, 4);
        Map<String, INDArray> before = UpdaterStates.read(net);
        MultiLayerNetwork f = LowRankFactorization.factorize(net, Map.of("fc1", RankRule.rank(4))).network();
        Map<String, INDArray> after = UpdaterStates.read(f);
        for (String name : List.of("fc2.W", "fc2.b", "fc3.W", "fc3.b")) {
            assertEquals(before.get(name), after.get(name), name + " state");
            assertEquals(2, after.get(name).rows(), "Adam keeps m and v");
        }
        assertEquals(0.0, after.get("fc1_u.W").amaxNumber().doubleValue(), "new layers start with fresh state");
        assertEquals(net.getIterationCount(), f.getIterationCount());
        assertEquals(net.getLayer("fc3").getParam("W"), f.getLayer("fc3").getParam("W"));
        // training goes on
        double loss = f.score(batch);
        SmallNetworks.train(f, batch, 20);
        assertTrue(f.score(batch) < loss, "fine-tuning lowers the loss");
    }

    @Test
    void aConvolutionAtFullRankGivesTheSameOutputAndFlatteningStaysRight() {
        MultiLayerNetwork net = SmallNetworks.cnn(new Adam(0.01));
        DataSet batch = SmallNetworks.batch(100, 3, 16, 4);
        SmallNetworks.train(net, batch, 3);
        // conv2 W [6, 4, 3, 3]: matrix [36, 6], full rank 6; fc1 [5·5·6 = 150, 10]: full rank 10
        MultiLayerNetwork f = LowRankFactorization.factorize(net, Map.of("conv2", RankRule.rank(6),
                "fc1", RankRule.rank(10))).network();
        List<INDArray> before = net.feedForward(batch.getFeatures(), false);
        List<INDArray> after = f.feedForward(batch.getFeatures(), false);
        // before: input, conv1, pool1, conv2, fc1, fc2; after: input, conv1, pool1, conv2_u, conv2_v, fc1_u, fc1_v, fc2
        assertTrue(maxDiff(before.get(3), after.get(4)) < 1e-5, "conv2 output differs by " + maxDiff(before.get(3), after.get(4)));
        assertTrue(maxDiff(before.get(5), after.get(7)) < 1e-5);

        ConvolutionLayer u = (ConvolutionLayer) f.getLayer("conv2_u").conf().getLayer();
        ConvolutionLayer v = (ConvolutionLayer) f.getLayer("conv2_v").conf().getLayer();
        assertEquals(List.of(6L, 4L, 3L, 3L), shape(f.getLayer("conv2_u").getParam("W")));
        assertEquals(List.of(6L, 6L, 1L, 1L), shape(f.getLayer("conv2_v").getParam("W")));
        assertEquals(6, u.getNOut());
        assertTrue(!u.hasBias());
        assertEquals(1, v.getKernelSize()[0]);
        var conf = f.getLayerWiseConfigurations();
        assertNull(conf.getInputPreProcess(3), "no preprocessor between the two convolutions");
        assertTrue(conf.getInputPreProcess(4) instanceof CnnToFeedForwardPreProcessor, "fc1_u flattens the conv output");
        assertNull(conf.getInputPreProcess(5));
        // layers: conv1, pool1, conv2_u, conv2_v, fc1_u, fc1_v, fc2
    }

    @Test
    void aConvolutionsErrorFallsAsTheRankGrows() {
        MultiLayerNetwork net = SmallNetworks.cnn(new Adam(0.01));
        DataSet batch = SmallNetworks.batch(100, 3, 16, 5);
        INDArray original = net.feedForward(batch.getFeatures(), false).get(3);
        List<Double> errors = new ArrayList<>();
        for (int r = 1; r <= 6; r++) {
            MultiLayerNetwork f = LowRankFactorization.factorize(net, Map.of("conv2", RankRule.rank(r))).network();
            errors.add(f.feedForward(batch.getFeatures(), false).get(4).sub(original).norm2Number().doubleValue());
        }
        for (int i = 1; i < errors.size(); i++) {
            assertTrue(errors.get(i) <= errors.get(i - 1) + 1e-6, "errors by rank " + errors);
        }
        assertTrue(errors.get(0) > 100 * errors.get(5), "errors by rank " + errors);
    }

    @Test
    void ratioAndEnergyRulesPickTheDocumentedRanks() {
        double[] s = {4, 2, 1, 1};   // squares 16, 4, 1, 1 of 22
        assertEquals(1, RankRule.energy(0.7).choose(10, 4, 4, s));
        assertEquals(2, RankRule.energy(0.9).choose(10, 4, 4, s));
        assertEquals(4, RankRule.energy(1.0).choose(10, 4, 4, s));
        // LeNet-300-100's fc1: 784x300 + 300 params; 25% -> r = floor((0.25·235500 - 300) / 1084) = 54
        int r = RankRule.ratio(0.25).choose(784, 300, 300, new double[300]);
        assertEquals(54, r);
        assertTrue(r * (784 + 300) + 300 <= 0.25 * 235500);
        assertTrue((r + 1) * (784 + 300) + 300 > 0.25 * 235500);
        assertEquals(1, RankRule.ratio(0.0001).choose(784, 300, 300, new double[300]));
        assertThrows(IllegalArgumentException.class, () -> RankRule.rank(5).choose(10, 4, 4, s));
        assertThrows(IllegalArgumentException.class, () -> RankRule.ratio(1.5));
        assertThrows(IllegalArgumentException.class, () -> new RankRule(RankRule.Kind.RANK, 2.5));
    }

    @Test
    void layersThatCannotBeFactorizedAreRefused() {
        MultiLayerNetwork net = SmallNetworks.cnn(new Adam(0.01));
        var e = assertThrows(IllegalArgumentException.class,
                () -> LowRankFactorization.factorize(net, Map.of("pool1", RankRule.rank(1))));
        assertTrue(e.getMessage().contains("cannot be factorized"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> LowRankFactorization.factorize(net, Map.of("fc9", RankRule.rank(1))));
    }

    private static List<Long> shape(INDArray a) {
        return java.util.Arrays.stream(a.shape()).boxed().toList();
    }
}
