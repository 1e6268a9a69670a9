package org.distill4j.framework.data;

import java.util.Arrays;
import java.util.Objects;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A labelled image set held entirely in memory in the layout the training loop consumes directly:
 * features are one c-order FLOAT matrix {@code [N, height*width*channels]} scaled to {@code [0, 1]},
 * so a mini-batch is a contiguous row range (a view, no copy) and a dense input layer needs no
 * reshaping; labels are kept both as class indices (for accuracy and histograms) and one-hot
 * {@code [N, numClasses]} (for the loss).
 *
 * <p>Treat it as immutable: the arrays are shared, not copied, by the getters.
 */
public final class ImageDataset {
    private final INDArray features;
    private final int[] labels;
    private final INDArray oneHotLabels;
    private final int height;
    private final int width;
    private final int channels;
    private final int numClasses;

    /**
     * Wraps already-prepared features, e.g. synthetic data in tests. The shapes are checked here so a
     * mismatch fails at construction instead of deep inside a layer.
     *
     * @param features [N, height*width*channels], FLOAT; copied only if it is not a c-order FLOAT matrix
     * @param labels   N class indices in {@code [0, numClasses)}
     */
    public ImageDataset(INDArray features, int[] labels, int height, int width, int channels, int numClasses) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        if (height <= 0 || width <= 0 || channels <= 0 || numClasses <= 0) {
            throw new IllegalArgumentException("height, width, channels and numClasses must be positive, got "
                    + height + ", " + width + ", " + channels + ", " + numClasses);
        }
        long dim = (long) height * width * channels;
        if (features.rank() != 2 || features.size(0) != labels.length || features.size(1) != dim) {
            throw new IllegalArgumentException("features must be [" + labels.length + ", " + dim + "], got "
                    + Arrays.toString(features.shape()));
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label " + labels[i] + " at index " + i + " is outside 0.."
                        + (numClasses - 1));
            }
        }
        INDArray f = features;
        if (f.dataType() != DataType.FLOAT) {
            f = f.castTo(DataType.FLOAT);
        }
        if (f.ordering() != 'c' || f.isView()) {
            f = f.dup('c');
        }
        this.features = f;
        this.labels = labels.clone();
        this.oneHotLabels = oneHot(this.labels, numClasses);
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.numClasses = numClasses;
    }

    /**
     * Builds a data set from raw IDX pixels, converting only the selected images to floats: this is
     * how the loader carves train and validation out of one file without a full-size float copy.
     */
    static ImageDataset fromIdx(IdxImages images, IdxLabels labels, int[] select, int numClasses) {
        int d = images.imageSize();
        byte[] px = images.pixels();
        int[] all = labels.labels();
        float[] f = new float[Math.multiplyExact(select.length, d)];
        int[] l = new int[select.length];
        for (int r = 0; r < select.length; r++) {
            int src = select[r] * d;
            int dst = r * d;
            for (int k = 0; k < d; k++) {
                f[dst + k] = (px[src + k] & 0xFF) / 255f;
            }
            l[r] = all[select[r]];
        }
        INDArray features = Nd4j.create(f, new long[] {select.length, d}, DataType.FLOAT);
        return new ImageDataset(features, l, images.rows(), images.cols(), 1, numClasses);
    }

    private static INDArray oneHot(int[] labels, int numClasses) {
        float[] data = new float[Math.multiplyExact(labels.length, numClasses)];
        for (int i = 0; i < labels.length; i++) {
            data[i * numClasses + labels[i]] = 1f;
        }
        return Nd4j.create(data, new long[] {labels.length, numClasses}, DataType.FLOAT);
    }

    /** Number of examples. */
    public int size() {
        return labels.length;
    }

    /** {@code [N, height*width*channels]}, c-order FLOAT, values in {@code [0, 1]}; shared, do not modify. */
    public INDArray features() {
        return features;
    }

    /** Class indices; a copy, so callers may sort or shuffle it. */
    public int[] labels() {
        return labels.clone();
    }

    /** Class index of one example, without copying the label array. */
    public int label(int index) {
        return labels[index];
    }

    /** {@code [N, numClasses]} one-hot FLOAT; shared, do not modify. */
    public INDArray oneHotLabels() {
        return oneHotLabels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int channels() {
        return channels;
    }

    public int numClasses() {
        return numClasses;
    }

    /** Number of features per example: {@code height * width * channels}. */
    public int featureSize() {
        return height * width * channels;
    }

    /** Examples per class, indexed by class; for logging and for checking a split is balanced. */
    public int[] classCounts() {
        int[] counts = new int[numClasses];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /**
     * Examples {@code [from, to)} as an independent data set. It copies, which is fine because
     * splits are carved once per run, and it means the subset can outlive or be modified
     * independently of this one.
     */
    public ImageDataset subset(int from, int to) {
        if (from < 0 || to > size() || from >= to) {
            throw new IllegalArgumentException("subset [" + from + ", " + to + ") is not a non-empty range of 0.."
                    + size());
        }
        INDArray rows = features.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup('c');
        return new ImageDataset(rows, Arrays.copyOfRange(labels, from, to), height, width, channels, numClasses);
    }

    @Override
    public String toString() {
        return "ImageDataset[" + size() + " x " + height + "x" + width + "x" + channels + ", " + numClasses
                + " classes]";
    }
}
