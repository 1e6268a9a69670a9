package org.distill4j.policies.pruning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Magnitude masks (1 keeps, 0 prunes): FLOAT arrays of the parameter's shape and ordering.
 *
 * <p>Values are read once into a Java {@code float[]} in the parameter's own ordering; the
 * threshold comes from one sorted copy (O(n log n), two arrays of n floats, once per epoch).
 * Ties at the threshold are broken by position — earlier elements (in the parameter's ordering,
 * then in the listed order of tensors) are pruned first — so a mask for sparsity {@code s} zeroes
 * exactly {@code prunedCount(n, s)} elements. (Distiller zeroes every element equal to the
 * threshold, which can prune more than asked when magnitudes tie, e.g. on already-pruned zeros.)
 */
final class MagnitudeMasks {

    private MagnitudeMasks() {
    }

    /**
     * How many of {@code n} elements a sparsity {@code s} prunes: {@code floor(s·n)}, the count
     * Distiller's {@code int(desired_sparsity * numel)} gives, except that the product is rounded
     * to 1e-6 first so that 0.29 of 100 prunes 29 (the double product is 28.999…).
     */
    static int prunedCount(long n, double sparsity) {
        long k = (long) Math.floor(sparsity * n + 1e-6);
        return (int) Math.max(0, Math.min(n, k));
    }

    /** Prunes exactly {@code prunedCount(n, sparsity)} smallest-magnitude elements of {@code values}. */
    static INDArray keepLargest(INDArray values, double sparsity) {
        float[] magnitudes = magnitudes(values);
        float[] sorted = magnitudes.clone();
        Arrays.sort(sorted);
        Cut cut = Cut.of(sorted, prunedCount(sorted.length, sparsity));
        cut.toMask(magnitudes);
        return maskLike(values, magnitudes);
    }

    /**
     * One magnitude threshold across all tensors: prunes exactly {@code prunedCount(N, sparsity)}
     * smallest-magnitude elements of their union (N elements in all). The masks come back in the
     * order of {@code values}.
     */
    static List<INDArray> keepLargestGlobally(List<INDArray> values, double sparsity) {
        List<float[]> magnitudes = new ArrayList<>(values.size());
        int total = 0;
        for (INDArray v : values) {
            float[] m = magnitudes(v);
            magnitudes.add(m);
            total = Math.addExact(total, m.length);
        }
        float[] sorted = new float[total];
        int offset = 0;
        for (float[] m : magnitudes) {
            System.arraycopy(m, 0, sorted, offset, m.length);
            offset += m.length;
        }
        Arrays.sort(sorted);
        Cut cut = Cut.of(sorted, prunedCount(total, sparsity));
        List<INDArray> masks = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            cut.toMask(magnitudes.get(i));
            masks.add(maskLike(values.get(i), magnitudes.get(i)));
        }
        return masks;
    }

    /** Keeps the elements with {@code |w| >= threshold}, prunes the rest. */
    static INDArray keepAtLeast(INDArray values, double threshold) {
        float[] magnitudes = magnitudes(values);
        for (int i = 0; i < magnitudes.length; i++) {
            magnitudes[i] = magnitudes[i] >= threshold ? 1f : 0f;
        }
        return maskLike(values, magnitudes);
    }

    /** |w| as floats, in the array's own ordering. */
    private static float[] magnitudes(INDArray values) {
        long n = values.length();
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("parameter too large to prune: " + n + " elements");
        }
        float[] m = values.dup(values.ordering()).reshape(values.ordering(), new long[] {n}).toFloatVector();
        for (int i = 0; i < m.length; i++) {
            m[i] = Math.abs(m[i]);
        }
        return m;
    }

    private static INDArray maskLike(INDArray values, float[] mask) {
        return Nd4j.create(mask, values.shape(), values.ordering());
    }

    /**
     * Where the pruned elements end: everything below {@code threshold}, and the first
     * {@code ties} elements equal to it. Stateful: {@link #toMask} consumes ties in call order.
     */
    private static final class Cut {
        private final float threshold;
        private int ties;

        private Cut(float threshold, int ties) {
            this.threshold = threshold;
            this.ties = ties;
        }

        static Cut of(float[] sorted, int pruned) {
            if (pruned == 0) {
                return new Cut(Float.NEGATIVE_INFINITY, 0);
            }
            float threshold = sorted[pruned - 1];
            int below = 0;
            int hi = pruned - 1;
            while (below < hi) {
                int mid = (below + hi) >>> 1;
                if (sorted[mid] < threshold) {
                    below = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return new Cut(threshold, pruned - below);
        }

        /** Overwrites magnitudes with 0 (pruned) or 1 (kept). */
        void toMask(float[] magnitudes) {
            for (int i = 0; i < magnitudes.length; i++) {
                float m = magnitudes[i];
                if (m < threshold) {
                    magnitudes[i] = 0f;
                } else if (m == threshold && ties > 0) {
                    magnitudes[i] = 0f;
                    ties--;
                } else {
                    magnitudes[i] = 1f;
                }
            }
        }
    }
}
