package org.distill4j.framework.models;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
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
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The built-in architectures, with stable layer names that recipes refer to ({@code fc1.W}, {@code conv2.W}).
 * Every model takes a flat 28×28 grey image (784 inputs) and predicts 10 classes.
 */
public final class ModelZoo {
    public static final List<String> ARCHITECTURES = List.of("lenet300_100", "lenet5", "mlp");
    public static final int INPUTS = 784;
    public static final int CLASSES = 10;

    private ModelZoo() {
    }

    /**
     * Builds and initialises an architecture.
     *
     * @param hidden hidden layer sizes, for {@code mlp} only (ignored by the fixed architectures)
     */
    public static MultiLayerNetwork build(String arch, List<Integer> hidden, long seed, OptimizerSettings optimizer) {
        return build(arch, hidden, seed, optimizer, FastLayers.enabled());
    }

    /**
     * Builds and initialises an architecture, its convolution and dense layers as {@link FastLayers}' or as
     * DL4J's own (same parameters for the same seed either way).
     */
    public static MultiLayerNetwork build(String arch, List<Integer> hidden, long seed, OptimizerSettings optimizer,
                                          boolean fastLayers) {
        MultiLayerConfiguration conf = switch (arch) {
            case "lenet300_100" -> mlp(List.of(300, 100), seed, optimizer);
            case "mlp" -> mlp(hidden, seed, optimizer);
            case "lenet5" -> lenet5(seed, optimizer);
            default -> throw new IllegalArgumentException("unknown architecture '" + arch + "' " + ARCHITECTURES);
        };
        if (fastLayers) {
            FastLayers.apply(conf);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static NeuralNetConfiguration.Builder base(long seed, OptimizerSettings optimizer) {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.RELU)
                .updater(optimizer.updater());
        if (optimizer.weightDecay() > 0) {
            b.l2(optimizer.weightDecay());
        }
        return b;
    }

    /** 784 → hidden... → 10, ReLU; layers fc1..fcN. LeNet-300-100 is {@code mlp([300, 100])}. */
    private static MultiLayerConfiguration mlp(List<Integer> hidden, long seed, OptimizerSettings optimizer) {
        NeuralNetConfiguration.ListBuilder list = base(seed, optimizer).list();
        int nIn = INPUTS;
        List<Integer> sizes = new ArrayList<>(hidden);
        for (int i = 0; i < sizes.size(); i++) {
            list.layer(new DenseLayer.Builder().name("fc" + (i + 1)).nIn(nIn).nOut(sizes.get(i))
                    .activation(Activation.RELU).build());
            nIn = sizes.get(i);
        }
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("fc" + (sizes.size() + 1))
                .nIn(nIn).nOut(CLASSES).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build());
        return list.setInputType(InputType.feedForward(INPUTS)).build();
    }

    /** LeNet-5 as in Caffe/Distiller: conv1 20@5×5, max-pool, conv2 50@5×5, max-pool, fc1 500, fc2 10. */
    private static MultiLayerConfiguration lenet5(long seed, OptimizerSettings optimizer) {
        return base(seed, optimizer).list()
                .layer(new ConvolutionLayer.Builder(5, 5).name("conv1").nOut(20).stride(1, 1)
                        .convolutionMode(ConvolutionMode.Truncate).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("pool1")
                        .kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(5, 5).name("conv2").nOut(50).stride(1, 1)
                        .convolutionMode(ConvolutionMode.Truncate).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("pool2")
                        .kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().name("fc1").nOut(500).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("fc2")
                        .nOut(CLASSES).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1))
                .build();
    }
}
