package org.distill4j.schedulers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.distill4j.schedulers.testing.HalfMaskPolicy;
import org.distill4j.schedulers.testing.RecordingPolicy;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class CompressionSchedulerTest {

    /** 4 -> 3 -> 2, layers named fc1 and out. */
    private static MultiLayerNetwork tinyNetwork() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(7)
                .dataType(DataType.FLOAT)
                .updater(new Adam(0.1))
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().name("fc1").nIn(4).nOut(3).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nIn(3).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static DataSet batch(int seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray features = Nd4j.rand(DataType.FLOAT, 8, 4);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 8, 2);
        for (int i = 0; i < 8; i++) {
            labels.putScalar(i, features.getDouble(i, 0) > 0.5 ? 1 : 0, 1.0);
        }
        return new DataSet(features, labels);
    }

    @Test
    void hooksRunInRecipeOrderAndOnlyInActiveEpochs() {
        List<String> log = new ArrayList<>();
        CompressionScheduler scheduler = new CompressionScheduler(List.of(
                new ScheduledPolicy("pruner", "A", new RecordingPolicy("A", log), EpochSchedule.range(0, 2, 1)),
                new ScheduledPolicy("regularizer", "B", new RecordingPolicy("B", log), EpochSchedule.of(List.of(1)))));
        MultiLayerNetwork net = tinyNetwork();
        net.setListeners(new SchedulerTrainingListener(scheduler, false));
        scheduler.attach(net, LearningRateControl.of(net));
        DataSet data = batch(1);
        for (int epoch = 0; epoch < 3; epoch++) {
            scheduler.onEpochBegin(epoch, 1);
            scheduler.onMinibatchBegin(data);
            net.fit(data);
            scheduler.onEpochEnd(Map.of("val_top1", 0.5));
        }
        assertEquals(List.of(
                "A.attach@0", "B.attach@0",
                "A.epochBegin@0", "A.minibatchBegin@0", "A.beforeStep@0", "A.minibatchEnd@0", "A.epochEnd@0",
                "A.epochBegin@1", "B.epochBegin@1",
                "A.minibatchBegin@1", "B.minibatchBegin@1",
                "A.beforeStep@1", "B.beforeStep@1",
                "A.minibatchEnd@1", "B.minibatchEnd@1",
                "A.epochEnd@1", "B.epochEnd@1"), log);
    }

    @Test
    void masksSetByAPolicyStayAppliedAfterItsWindowEnds() {
        CompressionScheduler scheduler = new CompressionScheduler(List.of(
                new ScheduledPolicy("pruner", "half", new HalfMaskPolicy("fc1.W"), EpochSchedule.of(List.of(0)))));
        MultiLayerNetwork net = tinyNetwork();
        INDArray initial = net.getLayer(0).getParam("W").dup();
        net.setListeners(scheduler.asTrainingListener()); // the user's own loop: DL4J drives the epochs
        ListDataSetIterator<DataSet> data = new ListDataSetIterator<>(List.of(batch(1), batch(2), batch(3)), 8);
        for (int epoch = 0; epoch < 4; epoch++) {
            data.reset();
            net.fit(data);
            INDArray w = net.getLayer(0).getParam("W");
            assertEquals(0.0, w.getColumn(0).norm1Number().doubleValue(), "epoch " + epoch + ": masked column grew back");
        }
        INDArray w = net.getLayer(0).getParam("W");
        assertTrue(scheduler.masks().has("fc1.W"));
        assertFalse(w.getColumn(1).equalsWithEps(initial.getColumn(1), 1e-6), "unmasked weights should train");
        assertEquals(4, net.getEpochCount());
    }
}
