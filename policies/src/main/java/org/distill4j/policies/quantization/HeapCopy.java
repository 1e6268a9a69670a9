package org.distill4j.policies.quantization;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Copies between contiguous float arrays off the heap and reused heap arrays, so that elementwise
 * work runs as one plain Java loop (which the JIT vectorizes) instead of a chain of native ops,
 * each with its own dispatch and temporary array.
 */
final class HeapCopy {
    private HeapCopy() {
    }

    /** Float, non-empty, and its elements one contiguous run of its buffer (in whatever order). */
    static boolean contiguousFloat(INDArray a) {
        return a.dataType() == DataType.FLOAT && !a.isEmpty() && a.length() <= Integer.MAX_VALUE
                && a.elementWiseStride() == 1;
    }

    /** Both contiguous with the same shape and strides: the i-th buffer element of each is the same element. */
    static boolean sameContiguousLayout(INDArray a, INDArray b) {
        return contiguousFloat(a) && contiguousFloat(b) && Arrays.equals(a.shape(), b.shape())
                && Arrays.equals(a.stride(), b.stride());
    }

    /** Copies a contiguous float array into {@code into} (in buffer order); returns {@code into}. */
    static float[] read(INDArray a, float[] into) {
        a.data().asNioFloat().get(into, 0, (int) a.length());
        return into;
    }

    /** Copies the first {@code a.length()} values of {@code from} over a contiguous float array; returns {@code a}. */
    static INDArray write(float[] from, INDArray a) {
        a.data().asNioFloat().put(from, 0, (int) a.length());
        return a;
    }

    /** Two heap arrays, each grown on demand and then reused. Not thread-safe. */
    static final class Buffers {
        private float[] first = new float[0];
        private float[] second = new float[0];

        float[] first(long length) {
            if (first.length < length) {
                first = new float[(int) length];
            }
            return first;
        }

        float[] second(long length) {
            if (second.length < length) {
                second = new float[(int) length];
            }
            return second;
        }
    }
}
