package org.distill4j.policies.quantization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
import org.deeplearning4j.util.ModelSerializer;
import org.distill4j.policies.MapPolicyArgs;
import org.distill4j.policies.RecordingContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class QuantizationTest {
    @TempDir
    Path dir;

    /** 1×8×8 images → conv 4@3×3 ReLU → max-pool 2 → dense 16 ReLU → 3 classes. */
    static MultiLayerNetwork smallConvNet() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT)
                .updater(new Adam(0.01)).weightInit(WeightInit.RELU).list()
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv1").nOut(4).convolutionMode(ConvolutionMode.Truncate)
                        .activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("pool1").kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().name("fc1").nOut(16).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("fc2").nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(8, 8, 1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Pixels k/255, as the framework's datasets give them. */
    static DataSet batch(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 64).muli(255);
        x = org.nd4j.linalg.ops.transforms.Transforms.round(x).divi(255);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 3);
        for (int i = 0; i < n; i++) {
            int label = x.getRow(i).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 20)).sumNumber().doubleValue() > 10 ? 1
                    : (x.getDouble(i, 40) > 0.5 ? 2 : 0);
            y.putScalar(i, label, 1f);
        }
        return new DataSet(x, y);
    }

    @Test
    void symmetricEightBitsUsesMaxAbsOver127AndAsymmetricUnsignedPutsTheMinimumAtCodeZero() {
        LinearQuantParams s = QuantMode.SYMMETRIC.params(-0.5, 1.27, 8);
        assertEquals(0.01, s.scale(), 1e-12);
        assertEquals(0, s.zeroPoint());
        assertEquals(-127, s.qmin());
        LinearQuantParams u = QuantMode.ASYMMETRIC_UNSIGNED.params(-1.0, 2.0, 8);
        assertEquals(3.0 / 255, u.scale(), 1e-12);
        assertEquals(85, u.zeroPoint());
        assertEquals(0.0, u.dequantize(u.quantize(0.0)), 0.0); // zero is exact
        LinearQuantParams relu = QuantMode.ASYMMETRIC_UNSIGNED.params(0.3, 2.55, 8);
        assertEquals(0, relu.zeroPoint()); // the range is widened to contain 0
    }

    @Test
    void ternaryWeightsAreZeroOrPlusMinusAlphaWithTheTwnThreshold() {
        float[] w = {0.9f, -0.8f, 0.05f, -0.1f, 0.6f, 0.0f};
        QuantizedWeights q = new WeightQuantizer(WeightScheme.TERNARY, 2, QuantMode.SYMMETRIC, false).quantize(w, 1);
        // E|w| = 2.45/6, Δ = 0.7·E|w| ≈ 0.286: kept 0.9, -0.8, 0.6, α = 2.3/3
        assertArrayEquals(new int[]{1, -1, 0, 0, 1, 0}, q.values());
        assertEquals(2.3f / 3, q.scales()[0], 1e-6);
        assertEquals(3, q.channels() * q.perChannel() - 3);
    }

    @Test
    void oneBitDorefaIsSignTimesMeanAbsoluteValueAndKBitsHasOddLevels() {
        float[] w = {0.5f, -0.25f, 0.25f, -1.0f};
        QuantizedWeights one = new WeightQuantizer(WeightScheme.DOREFA, 1, QuantMode.SYMMETRIC, false).quantize(w, 1);
        assertArrayEquals(new float[]{0.5f, -0.5f, 0.5f, -0.5f}, one.dequantize(), 1e-7f);
        QuantizedWeights two = new WeightQuantizer(WeightScheme.DOREFA, 2, QuantMode.SYMMETRIC, false).quantize(w, 1);
        for (float v : two.dequantize()) {
            assertTrue(Set.of(-1f, -1f / 3, 1f / 3, 1f).stream().anyMatch(l -> Math.abs(l - v) < 1e-6), "level " + v);
        }
        for (int i = 0; i < w.length; i++) {
            assertTrue(two.code(i) >= 0 && two.code(i) < 4);
        }
    }

    @Test
    void perChannelLinearWeightsGiveEachOutputChannelItsOwnScale() {
        float[] w = {1f, -0.6f, 0.011f, 0.02f}; // two channels of two
        QuantizedWeights q = new WeightQuantizer(WeightScheme.LINEAR, 8, QuantMode.SYMMETRIC, true).quantize(w, 2);
        assertEquals(1f / 127, q.scale(0), 1e-9);
        assertEquals(0.02f / 127, q.scale(1), 1e-9);
        assertArrayEquals(new int[]{127, -76, 70, 127}, q.values());
    }

    @Test
    void fakeQuantizationInPlaceGivesExactlyTheDequantizedCodesOfEveryScheme() {
        java.util.Random random = new java.util.Random(5);
        float[] w = new float[6 * 50];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian() * 0.1f;
        }
        for (WeightQuantizer quantizer : List.of(
                new WeightQuantizer(WeightScheme.LINEAR, 8, QuantMode.SYMMETRIC, true),
                new WeightQuantizer(WeightScheme.LINEAR, 4, QuantMode.ASYMMETRIC_UNSIGNED, false),
                new WeightQuantizer(WeightScheme.LINEAR, 3, QuantMode.ASYMMETRIC_SIGNED, true),
                new WeightQuantizer(WeightScheme.TERNARY, 2, QuantMode.SYMMETRIC, true),
                new WeightQuantizer(WeightScheme.DOREFA, 1, QuantMode.SYMMETRIC, false))) {
            float[] inPlace = w.clone();
            quantizer.fakeQuantizeInPlace(inPlace, 6);
            assertArrayEquals(quantizer.quantize(w, 6).dequantize(), inPlace, quantizer.toString());
        }
    }

    @Test
    void gradientPassesStraightThroughInsideTheClippingRangeAndIsZeroOutside() {
        FakeQuantActivation a = new FakeQuantActivation(new ActivationIdentity(), 8, QuantMode.SYMMETRIC, 0.5);
        a.getActivation(Nd4j.createFromArray(-1f, 1f).reshape(1, 2), true); // range [-1, 1]
        INDArray z = Nd4j.createFromArray(-3f, -0.5f, 0.25f, 0.999f, 2f).reshape(1, 5);
        INDArray grad = a.backprop(z.dup(), Nd4j.ones(DataType.FLOAT, 1, 5)).getFirst();
        assertArrayEquals(new float[]{0, 1, 1, 1, 0}, grad.toFloatVector());
        INDArray out = a.getActivation(Nd4j.createFromArray(0.5f, 5f).reshape(1, 2), false);
        assertEquals(Math.round(0.5 * 127) / 127.0, out.getDouble(0), 1e-6); // on the grid
        assertEquals(1.0, out.getDouble(1), 1e-6); // clipped
    }

    @Test
    void contiguousActivationsTakeTheHeapPathAndMatchTheNativeOpsOnAStridedCopy() {
        Nd4j.getRandom().setSeed(11);
        INDArray z = Nd4j.randn(DataType.FLOAT, 6, 40);
        INDArray epsilon = Nd4j.randn(DataType.FLOAT, 6, 40);
        INDArray strided = strided(z);
        assertTrue(HeapCopy.contiguousFloat(z));
        assertFalse(HeapCopy.contiguousFloat(strided));
        FakeQuantActivation heap = new FakeQuantActivation(Activation.RELU.getActivationFunction(), 4, QuantMode.ASYMMETRIC_UNSIGNED, 0.9);
        FakeQuantActivation natives = new FakeQuantActivation(Activation.RELU.getActivationFunction(), 4, QuantMode.ASYMMETRIC_UNSIGNED, 0.9);

        assertEquals(natives.getActivation(strided(z), true), heap.getActivation(z.dup(), true));
        INDArray wider = z.mul(3); // beyond the range just tracked: clipped, so its gradient is zero
        INDArray heapGrad = heap.backprop(wider.dup(), epsilon.dup()).getFirst();
        INDArray nativeGrad = natives.backprop(strided(wider), strided(epsilon)).getFirst();
        assertEquals(nativeGrad, heapGrad);
        assertTrue(heapGrad.eq(0).castTo(DataType.INT).sumNumber().intValue()
                > wider.lte(0).castTo(DataType.INT).sumNumber().intValue(), "some positive inputs were clipped");
    }

    /** The same values in a non-contiguous view. */
    private static INDArray strided(INDArray a) {
        INDArray wide = Nd4j.zeros(DataType.FLOAT, a.size(0), 2 * a.size(1));
        INDArray view = wide.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2, 2 * a.size(1)));
        return view.assign(a);
    }

    @Test
    void qatChangesTheForwardPassAndDetachRestoresFloatExactly() {
        MultiLayerNetwork net = smallConvNet();
        DataSet data = batch(32, 1);
        INDArray before = net.output(data.getFeatures());
        QuantAwareTrainRangeLinearQuantizer q = new QuantAwareTrainRangeLinearQuantizer(MapPolicyArgs.of(
                "bits_weights", 4, "bits_activations", 4, "per_channel_wts", true));
        RecordingContext context = new RecordingContext(net);
        q.attach(context);
        assertFalse(q.isApplied()); // float epochs may come first
        q.onEpochBegin(context.atEpoch(2));
        net.fit(data);
        INDArray params = net.params().dup();
        INDArray quantized = net.output(data.getFeatures());
        assertTrue(quantized.sub(before).amaxNumber().doubleValue() > 1e-4);
        q.detach(net);
        net.setParams(params);
        MultiLayerNetwork reference = smallConvNet();
        reference.setParams(params);
        assertEquals(reference.output(data.getFeatures()), net.output(data.getFeatures()));
    }

    @Test
    void trainingUpdatesFloatMasterWeightsThatAreNotOnTheGrid() {
        MultiLayerNetwork net = smallConvNet();
        QuantAwareTrainRangeLinearQuantizer q = new QuantAwareTrainRangeLinearQuantizer(MapPolicyArgs.of("bits_weights", 2));
        q.apply(net);
        for (int i = 0; i < 5; i++) {
            net.fit(batch(32, i));
        }
        Set<Float> distinct = new TreeSet<>();
        for (float v : net.getLayer(2).getParam("W").dup().data().asFloat()) {
            distinct.add(v);
        }
        assertTrue(distinct.size() > 100, "float master weights keep their resolution: " + distinct.size());
    }

    @Test
    void aSavedQatModelRestoresFakeQuantizedWithItsRanges() throws Exception {
        MultiLayerNetwork net = smallConvNet();
        QuantAwareTrainRangeLinearQuantizer q = new QuantAwareTrainRangeLinearQuantizer(MapPolicyArgs.of(
                "bits_weights", 8, "per_channel_wts", true, "mode", "asymmetric_unsigned"));
        q.apply(net);
        net.fit(batch(64, 2));
        DataSet test = batch(16, 9);
        INDArray expected = net.output(test.getFeatures());
        File file = dir.resolve("qat.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertTrue(restored.getLayer(0).conf().getLayer() instanceof ConvolutionLayer c
                && c.getWeightNoise() instanceof FakeQuantWeightNoise && c.getActivationFn() instanceof FakeQuantActivation);
        assertEquals(expected, restored.output(test.getFeatures()));
    }

    @Test
    void postTrainingCalibrationFixesRangesThatFurtherBatchesDoNotMove() {
        MultiLayerNetwork net = smallConvNet();
        for (int i = 0; i < 10; i++) {
            net.fit(batch(64, i));
        }
        INDArray floatOut = net.output(batch(200, 99).getFeatures());
        PostTrainLinearQuantizer ptq = new PostTrainLinearQuantizer(MapPolicyArgs.of(
                "calibration_batches", 2, "clip_acts", "avg", "per_channel_wts", true));
        ptq.quantize(net, List.of(batch(64, 20).getFeatures(), batch(64, 21).getFeatures(), batch(64, 22).getFeatures()));
        assertTrue(ptq.isCalibrated());
        var activations = AbstractQuantizer.activations(net);
        assertEquals(Set.of("conv1", "fc1"), activations.keySet()); // not the output layer
        LinearQuantParams range = activations.get("fc1").params();
        net.fit(batch(64, 30));
        assertEquals(range, activations.get("fc1").params());
        INDArray quantOut = net.output(batch(200, 99).getFeatures());
        assertNotEquals(floatOut, quantOut);
    }

    @Test
    void argumentsAreCheckedWithTheirKey() {
        var e = assertThrows(org.distill4j.policies.config.RecipeException.class,
                () -> new QuantAwareTrainRangeLinearQuantizer(MapPolicyArgs.of("bits_weights", 1)));
        assertTrue(e.getMessage().contains("bits_weights"), e.getMessage());
        assertThrows(org.distill4j.policies.config.RecipeException.class,
                () -> new QuantAwareTrainRangeLinearQuantizer(MapPolicyArgs.of("ema_decay", 1.0)));
        assertThrows(org.distill4j.policies.config.RecipeException.class,
                () -> new QuantAwareTrainRangeLinearQuantizer(MapPolicyArgs.of("mode", "symetric")));
        assertEquals(2, new TernaryQuantizer(MapPolicyArgs.of()).plan(smallConvNet()).get("fc1").weights().bits());
    }

    @Test
    void theIntegerModelFileStoresPackedCodes() throws Exception {
        MultiLayerNetwork net = smallConvNet();
        ByteArrayOutputStream eight = new ByteArrayOutputStream();
        new QuantAwareTrainRangeLinearQuantizer(MapPolicyArgs.of()).apply(net);
        net.fit(batch(32, 5));
        DqModelWriter.write(net, eight);
        MultiLayerNetwork net2 = smallConvNet();
        ByteArrayOutputStream two = new ByteArrayOutputStream();
        new TernaryQuantizer(MapPolicyArgs.of()).apply(net2);
        net2.fit(batch(32, 5));
        DqModelWriter.write(net2, two);
        assertTrue(two.size() < eight.size(), two.size() + " vs " + eight.size());
        assertEquals('D', eight.toByteArray()[0]);
        assertEquals(2, DqModelWriter.layerBits(net2).get("conv1").get("bits_weights"));
    }

    @Test
    void oneBitDorefaTrainsAndItsFileStoresOneBitPerWeight() throws Exception {
        MultiLayerNetwork net = smallConvNet();
        DorefaQuantizer q = new DorefaQuantizer(MapPolicyArgs.of("bits_weights", 1));
        q.apply(net);
        net.fit(batch(32, 4));
        INDArray w = net.getLayer(2).getParam("W");
        QuantizedWeights bits = ((FakeQuantWeightNoise) ((DenseLayer) net.getLayer(2).conf().getLayer()).getWeightNoise()).quantize(w);
        float mean = w.dup().data().asFloat().length == 0 ? 0 : (float) org.nd4j.linalg.ops.transforms.Transforms.abs(w.dup()).meanNumber().doubleValue();
        assertEquals(mean, bits.scales()[0], 1e-5);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DqModelWriter.write(net, out);
        assertEquals(1, DqModelWriter.layerBits(net).get("fc1").get("bits_weights"));
    }
}
