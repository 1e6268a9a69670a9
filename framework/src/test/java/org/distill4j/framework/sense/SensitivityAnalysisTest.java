package org.distill4j.framework.sense;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.distill4j.framework.data.ImageDataset;
import org.distill4j.framework.models.FastLayers;
import org.distill4j.framework.training.Evaluation;
import org.distill4j.policies.ModelParameters;
import org.distill4j.policies.config.RecipeException;
import org.distill4j.policies.pruning.StructureType;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The analysis on a small random convolution network: what it prunes, what it selects, and that it restores. */
class SensitivityAnalysisTest {

    private static MultiLayerNetwork net(boolean separable) {
        var list = new NeuralNetConfiguration.Builder().seed(3).list()
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv1").nOut(6).activation(Activation.RELU).build());
        if (separable) {
            list.layer(new SeparableConvolution2D.Builder(3, 3).name("sep").nOut(4).activation(Activation.RELU).build());
        }
        list.layer(new DenseLayer.Builder().name("fc1").nOut(8).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("fc2").nOut(4)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(8, 8, 1));
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return FastLayers.apply(net);
    }

    private static ImageDataset data() {
        Random random = new Random(5);
        int[] labels = new int[40];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextInt(4);
        }
        Nd4j.getRandom().setSeed(5);
        return new ImageDataset(Nd4j.rand(DataType.FLOAT, 40, 64), labels, 8, 8, 1, 4);
    }

    @Test
    void theDefaultTensorsAreTheDenseAndConvolutionWeights() {
        SensedWeights.Selection s = SensedWeights.select(net(false), PruneKind.ELEMENT, List.of());
        assertEquals(List.of("conv1.W", "fc1.W", "fc2.W"), s.weights().stream().map(SensedWeight::name).toList());
        assertEquals(StructureType.FILTERS, s.weights().get(0).outputs());
        assertEquals(StructureType.ROWS, s.weights().get(1).outputs());
        assertEquals(List.of("fc1.W"), SensedWeights.select(net(false), PruneKind.FILTER, List.of("fc1.*"))
                .weights().stream().map(SensedWeight::name).toList());
    }

    @Test
    void filterAnalysisSkipsDefaultTensorsItCannotRankAndRejectsNamedOnes() {
        MultiLayerNetwork net = net(true);
        SensedWeights.Selection element = SensedWeights.select(net, PruneKind.ELEMENT, List.of());
        assertEquals(List.of("conv1.W", "sep.W", "fc1.W", "fc2.W"), element.weights().stream().map(SensedWeight::name).toList());
        assertNull(element.weights().get(1).outputs(), "a depthwise kernel has no output filters");

        SensedWeights.Selection filter = SensedWeights.select(net, PruneKind.FILTER, List.of());
        assertEquals(List.of("conv1.W", "fc1.W", "fc2.W"), filter.weights().stream().map(SensedWeight::name).toList());
        assertEquals(1, filter.notes().size());
        assertTrue(filter.notes().get(0).startsWith("skipped sep.W (a SeparableConvolution2D weight"), filter.notes().get(0));

        RecipeException named = assertThrows(RecipeException.class,
                () -> SensedWeights.select(net, PruneKind.FILTER, List.of("sep.pW")));
        assertTrue(named.getMessage().startsWith("--weights: --kind filter: sep.pW"), named.getMessage());
        RecipeException none = assertThrows(RecipeException.class,
                () -> SensedWeights.select(net, PruneKind.ELEMENT, List.of("conv9.*")));
        assertTrue(none.getMessage().contains("'conv9.*' matches no parameter"), none.getMessage());
    }

    @Test
    void eachLevelPrunesOneTensorAndTheNetworkComesBackBitForBit() {
        MultiLayerNetwork net = net(false);
        INDArray before = net.params().dup();
        ImageDataset data = data();
        SensitivityAnalysis analysis = new SensitivityAnalysis(net, data, 16);
        Evaluation baseline = analysis.baseline();
        List<Double> levels = List.of(0.0, 0.5, 1.0);
        List<String> done = new ArrayList<>();
        List<SensitivityPoint> points = analysis.run(SensedWeights.select(net, PruneKind.ELEMENT, List.of()).weights(),
                levels, PruneKind.ELEMENT, (w, p, s) -> done.add(w.name()));
        assertEquals(List.of("conv1.W", "fc1.W", "fc2.W"), done);
        assertEquals(9, points.size());
        assertEquals(baseline.top1(), points.get(0).top1());
        assertEquals(baseline.loss(), points.get(0).loss());
        // fc2.W pruned whole and its biases 0: every class ties for every input, and argmax says class 0
        SensitivityPoint fc2All = points.get(8);
        assertEquals("fc2.W", fc2All.parameter());
        assertEquals(1.0, fc2All.sparsity());
        assertEquals(java.util.Arrays.stream(data.labels()).filter(l -> l == 0).count() / 40.0, fc2All.top1(), 1e-12);
        assertArrayEquals(before.toFloatVector(), net.params().toFloatVector(), "restored bit for bit");
    }

    @Test
    void elementAndFilterMasksPruneWhatThePrunersWould() {
        MultiLayerNetwork net = net(false);
        ModelParameters parameters = ModelParameters.of(net);
        SensedWeights.Selection s = SensedWeights.select(net, PruneKind.FILTER, List.of());
        INDArray w = parameters.get("conv1.W");
        INDArray b = parameters.get("conv1.b");
        b.assign(0.5);

        TensorPruning filters = new TensorPruning(parameters, s.weights().get(0), PruneKind.FILTER);
        filters.prune(0.5); // 3 of 6 filters, with their biases
        int zeroFilters = 0;
        for (int f = 0; f < 6; f++) {
            boolean zero = w.slice(f).amaxNumber().doubleValue() == 0;
            zeroFilters += zero ? 1 : 0;
            assertEquals(zero ? 0.0 : 0.5, b.getDouble(f), 0.0);
        }
        assertEquals(3, zeroFilters);
        filters.restore();
        assertEquals(0.5 * 6, b.sumNumber().doubleValue(), 1e-6);

        TensorPruning rows = new TensorPruning(parameters, s.weights().get(1), PruneKind.FILTER);
        rows.prune(0.25); // 2 of fc1's 8 output neurons: columns of DL4J's [nIn, nOut] matrix
        INDArray fc1 = parameters.get("fc1.W");
        int zeroColumns = 0;
        for (int o = 0; o < 8; o++) {
            zeroColumns += fc1.getColumn(o).amaxNumber().doubleValue() == 0 ? 1 : 0;
        }
        assertEquals(2, zeroColumns);
        rows.restore();

        TensorPruning elements = new TensorPruning(parameters, s.weights().get(1), PruneKind.ELEMENT);
        elements.prune(0.3);
        long zeros = fc1.length() - Nd4j.getExecutioner().exec(new org.nd4j.linalg.api.ops.impl.reduce.longer.CountNonZero(fc1))
                .getLong(0);
        assertEquals((long) Math.floor(0.3 * fc1.length() + 1e-6), zeros);
        elements.restore();
        assertTrue(b.equals(Nd4j.valueArrayOf(b.shape(), 0.5f)));
    }
}
