package org.distill4j.framework.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Mini-batches for the training loop without a copy per batch: each shuffled epoch gathers the
 * examples once into a buffer in the new order (one {@code pullRows} for features, one for labels)
 * and every batch is then a contiguous row-range view of that buffer. The last, smaller batch is
 * kept so every example is seen exactly once per epoch.
 *
 * <p><b>Lifetime:</b> the buffer is allocated once and reused, so the batches returned by
 * {@link #shuffledBatches} are only valid until the next call to it. Batches from
 * {@link #orderedBatches} are views of the data set itself and stay valid. Do not modify either.
 *
 * <p>The order depends only on the {@link Random} passed in, so a seeded generator gives the same
 * batches on every run. Not thread-safe.
 */
public final class EpochBatches {
    private final ImageDataset data;
    private final int batchSize;
    private INDArray shuffledFeatures;
    private INDArray shuffledLabels;
    private int[] lastOrder;

    public EpochBatches(ImageDataset data, int batchSize) {
        this.data = Objects.requireNonNull(data, "data");
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.batchSize = batchSize;
    }

    /** Batches per epoch, counting the last partial one. */
    public int batchCount() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    public int batchSize() {
        return batchSize;
    }

    public ImageDataset data() {
        return data;
    }

    /**
     * One epoch in a fresh random order drawn from {@code rng}. Valid until the next call (see the
     * class comment).
     */
    public List<DataSet> shuffledBatches(Random rng) {
        int n = data.size();
        if (n == 0) {
            return List.of();
        }
        int[] order = DatasetLoader.permutation(n, rng);
        lastOrder = order;
        if (shuffledFeatures == null) {
            shuffledFeatures = Nd4j.createUninitialized(data.features().dataType(), data.features().shape(), 'c');
            shuffledLabels = Nd4j.createUninitialized(data.oneHotLabels().dataType(), data.oneHotLabels().shape(),
                    'c');
        }
        Nd4j.pullRows(data.features(), shuffledFeatures, 1, order);
        Nd4j.pullRows(data.oneHotLabels(), shuffledLabels, 1, order);
        return slice(shuffledFeatures, shuffledLabels);
    }

    /**
     * The data set indices of the examples in batch {@code batch} of the last
     * {@link #shuffledBatches} call, row by row: what a policy needs to cache per-example results
     * across epochs (see {@code PolicyContext.batchExampleIndices()}).
     */
    public int[] shuffledIndices(int batch) {
        if (lastOrder == null) {
            throw new IllegalStateException("no shuffled epoch yet: call shuffledBatches first");
        }
        int from = batch * batchSize;
        if (batch < 0 || from >= lastOrder.length) {
            throw new IndexOutOfBoundsException("batch " + batch + " of " + batchCount());
        }
        return java.util.Arrays.copyOfRange(lastOrder, from, Math.min(lastOrder.length, from + batchSize));
    }

    /** One epoch in data set order, for evaluation; the same batches every call. */
    public List<DataSet> orderedBatches() {
        if (data.size() == 0) {
            return List.of();
        }
        return slice(data.features(), data.oneHotLabels());
    }

    private List<DataSet> slice(INDArray features, INDArray labels) {
        int n = data.size();
        List<DataSet> batches = new ArrayList<>(batchCount());
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            batches.add(new DataSet(
                    features.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()),
                    labels.get(NDArrayIndex.interval(from, to), NDArrayIndex.all())));
        }
        return List.copyOf(batches);
    }
}
