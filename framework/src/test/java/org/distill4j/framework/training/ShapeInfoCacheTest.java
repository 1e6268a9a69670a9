package org.distill4j.framework.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ShapeInfoCacheTest {

    @Test
    void arraysOfTheSameShapeShareOneShapeBuffer() {
        ShapeInfoCache.install();
        INDArray a = Nd4j.create(DataType.FLOAT, 3, 4);
        INDArray b = Nd4j.create(DataType.FLOAT, 3, 4);
        assertSame(a.shapeInfoDataBuffer(), b.shapeInfoDataBuffer());
    }

    @Test
    void shapeStridesOrderAndTypeEachGetTheirOwnBuffer() {
        ShapeInfoCache.install();
        INDArray base = Nd4j.create(DataType.FLOAT, 3, 4);
        assertNotSame(base.shapeInfoDataBuffer(), Nd4j.create(DataType.FLOAT, 4, 3).shapeInfoDataBuffer());
        assertNotSame(base.shapeInfoDataBuffer(), Nd4j.create(DataType.FLOAT, new long[] {3, 4}, 'f').shapeInfoDataBuffer());
        assertNotSame(base.shapeInfoDataBuffer(), Nd4j.create(DataType.DOUBLE, 3, 4).shapeInfoDataBuffer());
        assertNotSame(base.shapeInfoDataBuffer(), base.transpose().shapeInfoDataBuffer());
        assertEquals(DataType.DOUBLE, Nd4j.create(DataType.DOUBLE, 3, 4).dataType());
    }

    @Test
    void viewsAndReshapesComputeAsBefore() {
        ShapeInfoCache.install();
        INDArray m = Nd4j.linspace(1, 12, 12, DataType.FLOAT).reshape(3, 4);
        assertEquals(Nd4j.createFromArray(new float[][] {{1, 5, 9}, {2, 6, 10}, {3, 7, 11}, {4, 8, 12}}), m.transpose().dup());
        assertEquals(Nd4j.createFromArray(15f, 18f, 21f, 24f), m.sum(0));
        assertEquals(Nd4j.createFromArray(new float[][] {{30, 70, 110}, {70, 174, 278}, {110, 278, 446}}), m.mmul(m.transpose()));
    }

    @Test
    void installingTwiceKeepsTheFirstCache() {
        ShapeInfoCache.install();
        Object first = Nd4j.getShapeInfoProvider();
        ShapeInfoCache.install();
        assertSame(first, Nd4j.getShapeInfoProvider());
        assertTrue(ShapeInfoCache.installed());
    }

    @Test
    void stopsGrowingAtItsBound() {
        ShapeInfoCache cache = new ShapeInfoCache();
        for (int i = 1; i <= ShapeInfoCache.MAX_ENTRIES + 5; i++) {
            cache.createShapeInformation(new long[] {i}, new long[] {1}, 1, 'c', DataType.FLOAT, false);
        }
        assertEquals(ShapeInfoCache.MAX_ENTRIES, cache.size());
    }
}
