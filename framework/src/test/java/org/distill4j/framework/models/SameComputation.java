package org.distill4j.framework.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Assertions that a fast layer computes what DL4J's own layer does, within float rounding. */
final class SameComputation {
    private SameComputation() {
    }

    /** A random minibatch whose features are a row-range view of a larger array, as EpochBatches hands out. */
    static DataSet batchView(int size, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray all = Nd4j.rand(DataType.FLOAT, size + 3, ModelZoo.INPUTS);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, size, ModelZoo.CLASSES);
        for (int i = 0; i < size; i++) {
            labels.putScalar(i, (int) ((i * 7 + seed) % ModelZoo.CLASSES), 1);
        }
        return new DataSet(all.get(NDArrayIndex.interval(2, size + 2), NDArrayIndex.all()), labels);
    }

    /** Same score and, within {@code tolerance}, the same gradient of every parameter on {@code batch}. */
    static void assertGradientsClose(MultiLayerNetwork a, MultiLayerNetwork b, DataSet batch, double tolerance) {
        a.setInput(batch.getFeatures());
        a.setLabels(batch.getLabels());
        a.computeGradientAndScore();
        b.setInput(batch.getFeatures());
        b.setLabels(batch.getLabels());
        b.computeGradientAndScore();
        assertEquals(a.score(), b.score(), tolerance / 10 * Math.abs(a.score()));
        for (String key : a.gradient().gradientForVariable().keySet()) {
            assertClose(a.gradient().getGradientFor(key), b.gradient().getGradientFor(key), tolerance);
        }
    }

    /** Max absolute difference within {@code tolerance} times the largest magnitude (float rounding of sums). */
    static void assertClose(INDArray expected, INDArray actual, double tolerance) {
        assertEquals(List.of(expected.shape().length), List.of(actual.shape().length));
        double scale = Math.max(1e-6, expected.amaxNumber().doubleValue());
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff <= tolerance * scale, "max difference " + diff + " over scale " + scale);
    }
}
