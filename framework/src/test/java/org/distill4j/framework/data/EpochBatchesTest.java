package org.distill4j.framework.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class EpochBatchesTest {
    /** 23 examples of 4 features; example i has every feature equal to i and label i % 10. */
    private static ImageDataset numbered(int n) {
        float[] f = new float[n * 4];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(f, i * 4, i * 4 + 4, i);
            labels[i] = i % 10;
        }
        return new ImageDataset(Nd4j.create(f, new long[] {n, 4}, DataType.FLOAT), labels, 2, 2, 1, 10);
    }

    private static List<Integer> ids(List<DataSet> batches) {
        List<Integer> ids = new ArrayList<>();
        for (DataSet b : batches) {
            for (int r = 0; r < b.numExamples(); r++) {
                int id = b.getFeatures().getInt(r, 0);
                ids.add(id);
                assertEquals(id % 10, b.getLabels().getRow(r).argMax().getInt(0), "label travels with its example");
                assertEquals(id, b.getFeatures().getInt(r, 3), "the whole row travels together");
            }
        }
        return ids;
    }

    @Test
    void everyExampleAppearsExactlyOncePerShuffledEpoch() {
        EpochBatches batches = new EpochBatches(numbered(23), 5);
        Random rng = new Random(3);
        for (int epoch = 0; epoch < 3; epoch++) {
            List<Integer> ids = ids(batches.shuffledBatches(rng));
            assertEquals(23, ids.size());
            assertEquals(23, new java.util.HashSet<>(ids).size());
        }
    }

    @Test
    void theLastPartialBatchIsKept() {
        List<DataSet> epoch = new EpochBatches(numbered(23), 5).shuffledBatches(new Random(1));
        assertEquals(5, epoch.size());
        assertEquals(3, epoch.get(4).numExamples());
        assertEquals(5, new EpochBatches(numbered(23), 5).batchCount());
    }

    @Test
    void theSameSeedGivesTheSameBatchesAndEpochsDiffer() {
        List<Integer> a1 = ids(new EpochBatches(numbered(23), 5).shuffledBatches(new Random(9)));
        EpochBatches b = new EpochBatches(numbered(23), 5);
        Random rng = new Random(9);
        List<Integer> b1 = ids(b.shuffledBatches(rng));
        List<Integer> b2 = ids(b.shuffledBatches(rng));
        assertEquals(a1, b1);
        assertNotEquals(b1, b2);
    }

    @Test
    void orderedBatchesFollowTheDatasetOrder() {
        List<Integer> ids = ids(new EpochBatches(numbered(23), 4).orderedBatches());
        for (int i = 0; i < 23; i++) {
            assertEquals(i, ids.get(i));
        }
    }

    @Test
    void batchesAreViewsIntoOneBufferNotCopies() {
        ImageDataset data = numbered(23);
        EpochBatches batches = new EpochBatches(data, 5);
        List<DataSet> first = batches.shuffledBatches(new Random(1));
        Object buffer = storage(first.get(0).getFeatures());
        for (DataSet b : first) {
            assertTrue(b.getFeatures().isView() && b.getLabels().isView(), "a batch is a view");
            assertSame(buffer, storage(b.getFeatures()), "all batches share one buffer");
        }
        List<DataSet> second = batches.shuffledBatches(new Random(2));
        assertSame(buffer, storage(second.get(0).getFeatures()), "the buffer is reused across epochs");
        assertSame(storage(data.features()), storage(batches.orderedBatches().get(1).getFeatures()),
                "ordered batches view the data set itself");
    }

    private static Object storage(INDArray array) {
        // A view at offset 0 may hold the buffer itself; a view further in wraps it.
        return array.data().underlyingDataBuffer() != null ? array.data().underlyingDataBuffer() : array.data();
    }
}
