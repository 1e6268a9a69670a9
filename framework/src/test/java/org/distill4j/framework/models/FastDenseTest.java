package org.distill4j.framework.models;

import static org.distill4j.framework.models.SameComputation.assertClose;
import static org.distill4j.framework.models.SameComputation.assertGradientsClose;
import static org.distill4j.framework.models.SameComputation.batchView;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.distill4j.policies.quantization.FakeQuantWeightNoise;
import org.distill4j.policies.quantization.QuantMode;
import org.distill4j.policies.quantization.WeightQuantizer;
import org.distill4j.policies.quantization.WeightScheme;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class FastDenseTest {
    private static final OptimizerSettings NESTEROV = new OptimizerSettings("nesterov", 0.05, 0.9, 0, 0.9, 0.999, 1e-8);

    @Test
    void zooMlpsBuildFastDenseLayersAndSaveThemAsDl4jOnes() {
        MultiLayerNetwork fast = ModelZoo.build("lenet300_100", List.of(), 7, NESTEROV);
        assertInstanceOf(FastDense.class, fast.getLayer(0));
        assertInstanceOf(FastDense.class, fast.getLayer(1));
        MultiLayerConfiguration plain = fast.getLayerWiseConfigurations().clone();
        assertEquals(2, FastLayers.toStandard(plain));
        assertEquals(DenseLayer.class, plain.getConf(0).getLayer().getClass());
    }

    @Test
    void gradientsEqualDl4jDenseLayer() {
        MultiLayerNetwork standard = ModelZoo.build("lenet300_100", List.of(), 7, NESTEROV, false);
        MultiLayerNetwork fast = ModelZoo.build("lenet300_100", List.of(), 7, NESTEROV, true);
        assertEquals(standard.params(), fast.params(), "same seed, same initial parameters");
        DataSet batch = batchView(32, 5);
        assertClose(standard.output(batch.getFeatures()), fast.output(batch.getFeatures()), 1e-6);
        assertGradientsClose(standard, fast, batch, 1e-5);
    }

    @Test
    void trainingStepsStayEqualToDl4jWithinFloatRounding() {
        MultiLayerNetwork standard = ModelZoo.build("lenet300_100", List.of(), 3, NESTEROV, false);
        MultiLayerNetwork fast = ModelZoo.build("lenet300_100", List.of(), 3, NESTEROV, true);
        for (int i = 0; i < 5; i++) {
            DataSet batch = batchView(16 + 8 * (i % 2), 100 + i); // the minibatch size changes too
            standard.fit(batch);
            fast.fit(batch);
            assertEquals(standard.score(), fast.score(), 1e-5 * Math.abs(standard.score()));
        }
        assertClose(standard.params(), fast.params(), 1e-5);
    }

    @Test
    void fakeQuantizedWeightsAreTheOnesBackpropUses() {
        MultiLayerNetwork standard = ModelZoo.build("lenet300_100", List.of(), 9, NESTEROV, false);
        MultiLayerNetwork fast = ModelZoo.build("lenet300_100", List.of(), 9, NESTEROV, true);
        WeightQuantizer int4 = new WeightQuantizer(WeightScheme.LINEAR, 4, QuantMode.SYMMETRIC, true);
        for (MultiLayerNetwork net : List.of(standard, fast)) {
            for (int i = 0; i < 2; i++) {
                ((org.deeplearning4j.nn.conf.layers.BaseLayer) net.getLayer(i).conf().getLayer())
                        .setWeightNoise(new FakeQuantWeightNoise(int4, 32));
            }
        }
        assertGradientsClose(standard, fast, batchView(32, 8), 1e-5);
    }

    @Test
    void backpropForAnotherInputThanTheLastForwardPassRecomputesIt() {
        MultiLayerNetwork standard = ModelZoo.build("lenet300_100", List.of(), 4, NESTEROV, false);
        MultiLayerNetwork fast = ModelZoo.build("lenet300_100", List.of(), 4, NESTEROV, true);
        INDArray first = batchView(8, 1).getFeatures();
        INDArray second = batchView(8, 2).getFeatures();
        INDArray epsilon = Nd4j.rand(DataType.FLOAT, 8, 300);
        standard.initGradientsView();
        fast.initGradientsView();
        Pair<Gradient, INDArray> expected = forwardThenBackprop(standard.getLayer(0), first, second, epsilon);
        Pair<Gradient, INDArray> actual = forwardThenBackprop(fast.getLayer(0), first, second, epsilon);
        assertClose(expected.getSecond(), actual.getSecond(), 1e-5);
        assertClose(expected.getFirst().getGradientFor("W"), actual.getFirst().getGradientFor("W"), 1e-5);
    }

    private static Pair<Gradient, INDArray> forwardThenBackprop(Layer layer, INDArray forward, INDArray backward,
                                                                INDArray epsilon) {
        LayerWorkspaceMgr noWorkspaces = LayerWorkspaceMgr.noWorkspaces();
        layer.activate(forward, true, noWorkspaces);
        layer.setInput(backward, noWorkspaces);
        Pair<Gradient, INDArray> result = layer.backpropGradient(epsilon.dup(), noWorkspaces);
        return new Pair<>(result.getFirst(), result.getSecond().dup());
    }
}
