package org.distill4j.policies.pruning;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Counting helpers for masks and weights. */
final class PruningAssertions {
    private PruningAssertions() {
    }

    static long zeros(INDArray array) {
        return array.length() - array.neq(0.0).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
    }
}
