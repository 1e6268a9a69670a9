package org.distill4j.policies.thinning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.distill4j.policies.MapPolicyArgs;
import org.distill4j.policies.pruning.L1RankedStructureParameterPruner;
import org.distill4j.policies.surgery.UpdaterStates;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class NetworkThinnerTest {

    /** 1x8x8 → conv1 (4@3x3) → bn1 → pool1 (2x2) → conv2 (3@2x2) → fc1 (flatten 3·2·2 → 5) → fc2 (3). */
    static MultiLayerNetwork convNet() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT)
                .updater(new Adam(0.01)).weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv1").nOut(4).convolutionMode(ConvolutionMode.Truncate)
                        .activation(Activation.RELU).build())
                .layer(new BatchNormalization.Builder().name("bn1").build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("pool1").kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(2, 2).name("conv2").nOut(3).convolutionMode(ConvolutionMode.Truncate)
                        .activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().name("fc1").nOut(5).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("fc2").nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(8, 8, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    static DataSet batch() {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(DataType.FLOAT, 10, 64);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 10, 3);
        for (int i = 0; i < 10; i++) {
            y.putScalar(i, i % 3, 1f);
        }
        return new DataSet(x, y);
    }

    @Test
    void removingZeroFiltersKeepsTheFunctionAndCarriesAdamState() {
        MultiLayerNetwork net = convNet();
        DataSet data = batch();
        for (int i = 0; i < 3; i++) {
            net.fit(data);
        }
        // zero conv1 filter 1 (its bias stays: relu(b) is folded through bn1 into conv2's bias) and conv2 filter 2
        net.getLayer(0).getParam("W").get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()).assign(0);
        net.getLayer(0).getParam("b").reshape(-1).putScalar(1, 0.3);
        net.getLayer(3).getParam("W").get(NDArrayIndex.point(2), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()).assign(0);
        INDArray before = net.output(data.getFeatures());
        Map<String, INDArray> statesBefore = UpdaterStates.read(net);

        NetworkThinner.Result r1 = NetworkThinner.removeUnits(net, "conv1", new boolean[] {false, true, false, false});
        NetworkThinner.Result r2 = NetworkThinner.removeUnits(r1.network(), "conv2", new boolean[] {false, false, true});
        MultiLayerNetwork thin = r2.network();

        assertArrayEquals(new long[] {3, 1, 3, 3}, thin.getLayer(0).getParam("W").shape());
        assertEquals(3, thin.getLayer(1).getParam("gamma").length());
        assertArrayEquals(new long[] {2, 3, 2, 2}, thin.getLayer(3).getParam("W").shape());
        assertArrayEquals(new long[] {2 * 2 * 2, 5}, thin.getLayer(4).getParam("W").shape());
        INDArray after = thin.output(data.getFeatures());
        assertTrue(before.equalsWithEps(after, 1e-5), before + "\n" + after);

        // Adam's m and v of conv1.W: the kept filters' slices, in order
        INDArray oldState = statesBefore.get("conv1.W");
        INDArray newState = UpdaterStates.read(thin).get("conv1.W");
        assertEquals(oldState.rows(), newState.rows());
        INDArray oldM = oldState.getRow(0).dup().reshape('c', 4, 9);
        INDArray newM = newState.getRow(0).dup().reshape('c', 3, 9);
        assertEquals(oldM.getRow(0), newM.getRow(0));
        assertEquals(oldM.getRow(2), newM.getRow(1));
        assertEquals(oldM.getRow(3), newM.getRow(2));
        // fc1's rows: channel c of conv2 occupies rows c*4 .. c*4+3 (c-order flattening)
        INDArray oldFc = net.getLayer(4).getParam("W");
        INDArray newFc = thin.getLayer(4).getParam("W");
        assertEquals(oldFc.get(NDArrayIndex.interval(4, 8), NDArrayIndex.all()), newFc.get(NDArrayIndex.interval(4, 8), NDArrayIndex.all()));

        thin.fit(data); // trains on
        assertTrue(Double.isFinite(thin.score()));
    }

    @Test
    void denseNeuronsWithZeroIncomingWeightsGoAndTheirConstantIsFolded() {
        MultiLayerNetwork net = convNet();
        DataSet data = batch();
        net.fit(data);
        INDArray w = net.getLayer(4).getParam("W");
        w.get(NDArrayIndex.all(), NDArrayIndex.point(3)).assign(0);
        net.getLayer(4).getParam("b").reshape(-1).putScalar(3, 0.7);
        INDArray before = net.output(data.getFeatures());
        MultiLayerNetwork thin = NetworkThinner.removeUnits(net, "fc1", new boolean[] {false, false, false, true, false}).network();
        assertArrayEquals(new long[] {4, 3}, thin.getLayer(5).getParam("W").shape());
        assertTrue(before.equalsWithEps(thin.output(data.getFeatures()), 1e-5));
    }

    @Test
    void filterPrunerThenFilterRemoverShrinksTheNetworkItTrainsOn() {
        MultiLayerNetwork net = convNet();
        ReplacingContext context = new ReplacingContext(net);
        var pruner = new L1RankedStructureParameterPruner(MapPolicyArgs.of("group_type", "Filters",
                "desired_sparsity", 0.5, "weights", java.util.List.of("conv1.W", "conv2.W")));
        pruner.attach(context);
        pruner.onEpochBegin(context);
        var remover = new FilterRemover(MapPolicyArgs.of());
        remover.attach(context);
        INDArray x = batch().getFeatures();
        context.masks().applyToParameters(context.parameters());
        INDArray before = net.output(x);
        remover.onEpochBegin(context);
        MultiLayerNetwork thin = (MultiLayerNetwork) context.model();
        assertEquals(2, thin.getLayer(0).getParam("W").size(0));
        assertEquals(2, thin.getLayer(3).getParam("W").size(0));
        assertArrayEquals(thin.getLayer(0).getParam("W").shape(), context.masks().get("conv1.W").shape());
        assertTrue(before.equalsWithEps(thin.output(x), 1e-5));
        assertEquals(3.0, context.reports().get("removed"));
    }

    /** A context over one model at a time: replaceModel swaps it and drops masks of vanished parameters. */
    static final class ReplacingContext implements org.distill4j.policies.PolicyContext {
        private MultiLayerNetwork current;
        private org.distill4j.policies.ModelParameters params;
        private final org.distill4j.policies.ParameterMasks masks = new org.distill4j.policies.ParameterMasks();
        private final Map<String, Double> reports = new java.util.LinkedHashMap<>();

        ReplacingContext(MultiLayerNetwork net) {
            current = net;
            params = org.distill4j.policies.ModelParameters.of(net);
        }

        Map<String, Double> reports() {
            return reports;
        }

        @Override public int epoch() { return 0; }
        @Override public int minibatch() { return -1; }
        @Override public int minibatchesPerEpoch() { return -1; }
        @Override public org.deeplearning4j.nn.api.Model model() { return current; }
        @Override public org.distill4j.policies.ModelParameters parameters() { return params; }
        @Override public org.distill4j.policies.ParameterMasks masks() { return masks; }
        @Override public org.nd4j.linalg.dataset.api.DataSet batch() { throw new IllegalStateException(); }
        @Override public org.deeplearning4j.nn.gradient.Gradient gradient() { throw new IllegalStateException(); }
        @Override public double loss() { throw new IllegalStateException(); }
        @Override public Map<String, Double> epochMetrics() { throw new IllegalStateException(); }
        @Override public double initialLearningRate() { return 0.1; }
        @Override public double learningRate() { return 0.1; }
        @Override public void setLearningRate(double lr) { }
        @Override public void report(String key, double value) { reports.put(key, value); }

        @Override
        public void replaceModel(org.deeplearning4j.nn.api.Model newModel) {
            current = (MultiLayerNetwork) newModel;
            params = org.distill4j.policies.ModelParameters.of(newModel);
            for (String name : java.util.List.copyOf(masks.asMap().keySet())) {
                if (!params.contains(name)) {
                    masks.remove(name);
                }
            }
        }
    }
}
