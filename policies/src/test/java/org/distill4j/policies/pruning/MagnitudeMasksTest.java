package org.distill4j.policies.pruning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MagnitudeMasksTest {

    private static float[] flat(INDArray mask) {
        return mask.dup(mask.ordering()).reshape(mask.ordering(), new long[] {mask.length()}).toFloatVector();
    }

    @Test
    void maskZeroesExactlyTheSmallestMagnitudes() {
        INDArray w = Nd4j.createFromArray(0.5f, -0.1f, 0.3f, -0.9f, 0.05f, 0.2f);
        INDArray mask = MagnitudeMasks.keepLargest(w, 0.5);
        assertArrayEquals(new float[] {1, 0, 1, 1, 0, 0}, flat(mask));
    }

    @Test
    void prunedCountIsTheFloorOfSparsityTimesSize() {
        assertEquals(29, MagnitudeMasks.prunedCount(100, 0.29));
        assertEquals(3, MagnitudeMasks.prunedCount(10, 0.35));
        assertEquals(0, MagnitudeMasks.prunedCount(7, 0.1));
        assertEquals(0, MagnitudeMasks.prunedCount(7, 0.0));
        assertEquals(6, MagnitudeMasks.prunedCount(7, 0.99));
    }

    @Test
    void tiesAtTheThresholdArePrunedInPositionOrderSoTheCountIsExact() {
        INDArray w = Nd4j.createFromArray(0.2f, -0.2f, 0.2f, 0.2f, 0.1f);
        INDArray mask = MagnitudeMasks.keepLargest(w, 0.6);
        assertArrayEquals(new float[] {0, 0, 1, 1, 0}, flat(mask));
    }

    @Test
    void zeroSparsityKeepsEverything() {
        INDArray w = Nd4j.createFromArray(0f, 0f, 1f);
        assertArrayEquals(new float[] {1, 1, 1}, flat(MagnitudeMasks.keepLargest(w, 0.0)));
    }

    @Test
    void maskHasTheParametersShapeOrderingAndFloatType() {
        INDArray w = Nd4j.create(new float[] {0.9f, -0.1f, 0.4f, 0.05f, -0.7f, 0.2f}, new long[] {2, 3}, 'f');
        INDArray mask = MagnitudeMasks.keepLargest(w, 0.5);
        assertArrayEquals(w.shape(), mask.shape());
        assertEquals('f', mask.ordering());
        assertEquals(DataType.FLOAT, mask.dataType());
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 3; c++) {
                float expected = Math.abs(w.getFloat(r, c)) >= 0.4f ? 1f : 0f;
                assertEquals(expected, mask.getFloat(r, c), "element " + r + "," + c);
            }
        }
    }

    @Test
    void globalThresholdPrunesTheSmallestMagnitudesAcrossAllTensors() {
        INDArray big = Nd4j.createFromArray(1f, 2f, 3f, 4f);
        INDArray small = Nd4j.createFromArray(0.1f, 0.2f, 5f, 0.3f);
        List<INDArray> masks = MagnitudeMasks.keepLargestGlobally(List.of(big, small), 0.5);
        assertArrayEquals(new float[] {0, 1, 1, 1}, flat(masks.get(0)));
        assertArrayEquals(new float[] {0, 0, 1, 0}, flat(masks.get(1)));
    }

    @Test
    void thresholdMaskKeepsMagnitudesAtOrAboveTheThreshold() {
        INDArray w = Nd4j.createFromArray(0.1f, -0.05f, 0.5f, -0.2f, 0f);
        assertArrayEquals(new float[] {1, 0, 1, 1, 0}, flat(MagnitudeMasks.keepAtLeast(w, 0.1)));
        assertArrayEquals(new float[] {1, 1, 1, 1, 1}, flat(MagnitudeMasks.keepAtLeast(w, 0.0)));
    }
}
