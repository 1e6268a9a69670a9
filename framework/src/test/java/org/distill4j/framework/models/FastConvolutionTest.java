package org.distill4j.framework.models;

import static org.distill4j.framework.models.SameComputation.assertClose;
import static org.distill4j.framework.models.SameComputation.assertGradientsClose;
import static org.distill4j.framework.models.SameComputation.batchView;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.distill4j.policies.LoadedModelAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class FastConvolutionTest {
    private static final OptimizerSettings ADAM = new OptimizerSettings("adam", 1e-3, 0, 0, 0.9, 0.999, 1e-8);

    @Test
    void lenet5ForwardOutputAndGradientsEqualDl4jConvolutionLayer() {
        MultiLayerNetwork standard = ModelZoo.build("lenet5", List.of(), 7, ADAM, false);
        MultiLayerNetwork fast = ModelZoo.build("lenet5", List.of(), 7, ADAM, true);
        assertInstanceOf(FastConvolution.class, fast.getLayer(0));
        assertInstanceOf(FastConvolution.class, fast.getLayer(2));
        assertEquals(standard.params(), fast.params(), "same seed, same initial parameters");
        // a row-range view of a larger array, as EpochBatches hands out
        DataSet batch = batchView(32, 5);
        assertClose(standard.output(batch.getFeatures()), fast.output(batch.getFeatures()), 1e-5);
        assertGradientsClose(standard, fast, batch, 1e-4);
    }

    @Test
    void trainingStepsStayEqualToDl4jWithinFloatRounding() {
        MultiLayerNetwork standard = ModelZoo.build("lenet5", List.of(), 3, ADAM, false);
        MultiLayerNetwork fast = ModelZoo.build("lenet5", List.of(), 3, ADAM, true);
        for (int i = 0; i < 5; i++) {
            DataSet batch = batchView(16, 100 + i);
            standard.fit(batch);
            fast.fit(batch);
            assertEquals(standard.score(), fast.score(), 1e-4 * Math.abs(standard.score()));
        }
        assertClose(standard.params(), fast.params(), 1e-4);
    }

    @Test
    void paddingStrideAndSameModeMatchDl4j() {
        for (ConvolutionMode mode : new ConvolutionMode[] {ConvolutionMode.Truncate, ConvolutionMode.Same}) {
            MultiLayerNetwork standard = smallNet(mode);
            MultiLayerConfiguration conf = smallNet(mode).getLayerWiseConfigurations().clone();
            assertEquals(2, FastLayers.apply(conf));
            MultiLayerNetwork fast = new MultiLayerNetwork(conf);
            fast.init(standard.params().dup(), true);
            DataSet batch = batchView(8, 11);
            assertClose(standard.output(batch.getFeatures()), fast.output(batch.getFeatures()), 1e-5);
            assertGradientsClose(standard, fast, batch, 1e-4);
        }
    }

    @Test
    void aLoadedNetworkConvertsWithItsParametersAndUpdaterState(@TempDir Path dir) throws Exception {
        MultiLayerNetwork standard = ModelZoo.build("lenet5", List.of(), 5, ADAM, false);
        standard.fit(batchView(16, 1));
        File zip = dir.resolve("m.zip").toFile();
        ModelSerializer.writeModel(standard, zip, true);
        MultiLayerNetwork fast = FastLayers.apply(ModelSerializer.restoreMultiLayerNetwork(zip, true));
        assertInstanceOf(FastConvolution.class, fast.getLayer(0));
        assertEquals(standard.params(), fast.params());
        assertEquals(standard.getUpdater().getStateViewArray(), fast.getUpdater().getStateViewArray());
        DataSet next = batchView(16, 2);
        standard.fit(next);
        fast.fit(next);
        assertClose(standard.params(), fast.params(), 1e-4);

        // a fast model round-trips through a zip, and converts back to plain DL4J layers
        ModelSerializer.writeModel(fast, zip, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(zip, true);
        assertInstanceOf(FastConvolution.class, restored.getLayer(0));
        MultiLayerConfiguration plain = restored.getLayerWiseConfigurations().clone();
        assertEquals(3, FastLayers.toStandard(plain), "conv1, conv2 and the dense fc1");
        assertEquals(ConvolutionLayer.class, plain.getConf(0).getLayer().getClass());
    }

    private static MultiLayerNetwork smallNet(ConvolutionMode mode) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                .updater(new Adam(1e-3)).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).stride(2, 2)
                        .padding(mode == ConvolutionMode.Same ? 0 : 1, mode == ConvolutionMode.Same ? 0 : 1).convolutionMode(mode)
                        .activation(Activation.TANH).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(2, 3).nOut(5).stride(1, 2).convolutionMode(mode)
                        .activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void computationGraphsThatPoliciesLoadGetTheFastLayersWithTheSameParametersAndOutputs() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT)
                .updater(new Adam(1e-3)).graphBuilder()
                .addInputs("in")
                .addLayer("conv", new ConvolutionLayer.Builder(5, 5).nOut(6).activation(Activation.RELU).build(), "in")
                .addLayer("pool", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
                        .stride(2, 2).build(), "conv")
                .addLayer("fc", new DenseLayer.Builder().nOut(32).activation(Activation.RELU).build(), "pool")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build(), "fc")
                .setOutputs("out")
                .setInputTypes(InputType.convolutionalFlat(28, 28, 1))
                .build();
        ComputationGraph standard = new ComputationGraph(conf);
        standard.init();
        ComputationGraph fast = (ComputationGraph) LoadedModelAdapter.adaptAll(standard);
        assertInstanceOf(FastConvolution.class, fast.getLayer("conv"));
        assertInstanceOf(FastDense.class, fast.getLayer("fc"));
        assertEquals(standard.params(), fast.params());
        INDArray features = Nd4j.rand(DataType.FLOAT, 16, 784);
        assertClose(standard.outputSingle(features), fast.outputSingle(features), 1e-5);
    }

    @Test
    void modelsThatPoliciesLoadGetTheFastLayersThroughTheServiceLoader() {
        MultiLayerNetwork standard = ModelZoo.build("lenet5", List.of(), 5, ADAM, false);
        Model adapted = LoadedModelAdapter.adaptAll(standard);
        assertInstanceOf(FastConvolution.class, ((MultiLayerNetwork) adapted).getLayer(0));
        assertEquals(standard.params(), ((MultiLayerNetwork) adapted).params());
    }
}
