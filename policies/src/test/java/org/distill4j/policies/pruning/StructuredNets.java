package org.distill4j.policies.pruning;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small networks whose weights tests overwrite with crafted values. */
final class StructuredNets {
    private StructuredNets() {
    }

    /**
     * 1x6x6 → conv1 (4@3x3, W [4,1,3,3]) → conv2 (4@2x2, W [4,4,2,2]) → fc1 (36 → 5, W [36,5])
     * → fc2 (5 → 3, W [5,3]).
     */
    static MultiLayerNetwork convNet() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT)
                .updater(new Sgd(0.1)).weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv1").nOut(4).convolutionMode(ConvolutionMode.Truncate)
                        .activation(Activation.RELU).build())
                .layer(new ConvolutionLayer.Builder(2, 2).name("conv2").nOut(4).convolutionMode(ConvolutionMode.Truncate)
                        .activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().name("fc1").nOut(5).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("fc2").nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(6, 6, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** nIn → nOut (layer fc1, W [nIn, nOut]) → 3 (fc2). */
    static MultiLayerNetwork dense(int nIn, int nOut) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT)
                .updater(new Sgd(0.1)).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().name("fc1").nIn(nIn).nOut(nOut).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("fc2").nIn(nOut).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * Overwrites {@code target} (in place: a parameter view) so that element {@code [i0, i1, ...]}
     * holds {@code value.apply(index)} where {@code index} is the element's position in c order.
     */
    static void fill(INDArray target, java.util.function.IntToDoubleFunction value) {
        float[] v = new float[(int) target.length()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) value.applyAsDouble(i);
        }
        target.assign(Nd4j.create(v, target.shape(), 'c'));
    }

    /**
     * For each structure of {@code type}, true if every element of {@code mask} in it is 0, false if
     * every one is 1; fails on a partly masked structure. Reads elements by their indices, without
     * {@link Structures}.
     */
    static boolean[] prunedStructures(INDArray mask, StructureType type) {
        long[] shape = mask.shape();
        int dim = type.dimension();
        int n = (int) shape[dim];
        double[] sum = new double[n];
        int[] count = new int[n];
        long[] index = new long[shape.length];
        for (long i = 0; i < mask.length(); i++) {
            long rest = i;
            for (int d = shape.length - 1; d >= 0; d--) {
                index[d] = rest % shape[d];
                rest /= shape[d];
            }
            double v = mask.getDouble(index);
            if (v != 0.0 && v != 1.0) {
                throw new AssertionError("mask value " + v);
            }
            sum[(int) index[dim]] += v;
            count[(int) index[dim]]++;
        }
        boolean[] pruned = new boolean[n];
        for (int s = 0; s < n; s++) {
            if (sum[s] != 0 && sum[s] != count[s]) {
                throw new AssertionError(type + " " + s + " is partly masked (" + sum[s] + " of " + count[s] + " kept)");
            }
            pruned[s] = sum[s] == 0;
        }
        return pruned;
    }

    static boolean[] flags(int n, int... set) {
        boolean[] f = new boolean[n];
        for (int i : set) {
            f[i] = true;
        }
        return f;
    }
}
