package org.distill4j.policies.lowrank;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small networks for factorization tests: a 20-16-12-4 MLP and a LeNet-like 10×10 convolutional net. */
final class SmallNetworks {
    private SmallNetworks() {
    }

    /** fc1 20→16 (ReLU), fc2 16→12 (tanh), fc3 12→4 (softmax output). */
    static MultiLayerNetwork mlp(IUpdater updater) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(3).dataType(DataType.FLOAT).updater(updater).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().name("fc1").nIn(20).nOut(16).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().name("fc2").nIn(16).nOut(12).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("fc3").nIn(12).nOut(4)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return net;
    }

    /**
     * conv1 3×3 4 filters, pool1 2×2, conv2 3×3 6 filters (Same mode, padding), fc1 → 10 (a
     * conv→dense flattening preprocessor in front), fc2 → 3; input a flat 10×10 image.
     */
    static MultiLayerNetwork cnn(IUpdater updater) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(5).dataType(DataType.FLOAT).updater(updater).weightInit(WeightInit.RELU).list()
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv1").nOut(4).convolutionMode(ConvolutionMode.Truncate)
                        .activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("pool1").kernelSize(2, 2)
                        .stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv2").nOut(6).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().name("fc1").nOut(10).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("fc2").nOut(3)
                        .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build())
                .setInputType(InputType.convolutionalFlat(10, 10, 1))
                .build());
        net.init();
        return net;
    }

    static DataSet batch(long inputs, int classes, int size, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray features = Nd4j.rand(DataType.FLOAT, size, inputs);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, size, classes);
        for (int i = 0; i < size; i++) {
            labels.putScalar(i, i % classes, 1f);
        }
        return new DataSet(features, labels);
    }

    static void train(MultiLayerNetwork net, DataSet batch, int steps) {
        for (int i = 0; i < steps; i++) {
            net.fit(batch);
        }
    }

    /** The largest absolute difference between two arrays. */
    static double maxDiff(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }
}
