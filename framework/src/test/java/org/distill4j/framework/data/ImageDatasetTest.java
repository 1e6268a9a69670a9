package org.distill4j.framework.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class ImageDatasetTest {
    private static ImageDataset six() {
        return new ImageDataset(Nd4j.linspace(0, 23, 24, DataType.FLOAT).reshape(6, 4), new int[] {0, 1, 2, 3, 4, 5},
                2, 2, 1, 10);
    }

    @Test
    void subsetCopiesTheRequestedRowsAndLabels() {
        ImageDataset all = six();
        ImageDataset part = all.subset(2, 5);
        assertEquals(3, part.size());
        assertArrayEquals(new int[] {2, 3, 4}, part.labels());
        assertEquals(all.features().getRow(2), part.features().getRow(0));
        assertFalse(part.features().isView());
        part.features().assign(-1);
        assertEquals(8f, all.features().getFloat(2, 0), 0f);
    }

    @Test
    void oneHotLabelsAreBuiltFromTheClassIndices() {
        ImageDataset all = six();
        assertArrayEquals(new long[] {6, 10}, all.oneHotLabels().shape());
        assertEquals(1f, all.oneHotLabels().getFloat(3, 3), 0f);
        assertEquals(6f, all.oneHotLabels().sumNumber().floatValue(), 0f);
    }

    @Test
    void mismatchedShapesAreRejectedAtConstruction() {
        assertThrows(IllegalArgumentException.class,
                () -> new ImageDataset(Nd4j.zeros(DataType.FLOAT, 6, 5), new int[6], 2, 2, 1, 10));
        assertThrows(IllegalArgumentException.class,
                () -> new ImageDataset(Nd4j.zeros(DataType.FLOAT, 6, 4), new int[5], 2, 2, 1, 10));
        assertThrows(IllegalArgumentException.class,
                () -> new ImageDataset(Nd4j.zeros(DataType.FLOAT, 1, 4), new int[] {10}, 2, 2, 1, 10));
    }
}
