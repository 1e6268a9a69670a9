package org.distill4j.policies.pruning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class OneShotMasksTest {

    @Test
    void elementMasksAreTheSparsityLevelPrunersMasks() {
        INDArray w = Nd4j.createFromArray(0.5f, -0.1f, 0.3f, -0.9f, 0.05f, 0.2f);
        assertEquals(MagnitudeMasks.keepLargest(w, 0.5), OneShotMasks.elements(w, 0.5));
    }

    @Test
    void structuresAreTheWeakestByNormAsManyAsTheLevelSays() {
        // dense [nIn=2, nOut=4]: output neuron o is column o; L1 norms 0.2, 2, 0.4, 1
        INDArray w = Nd4j.createFromArray(new float[][] {{0.1f, 1f, -0.2f, 0.5f}, {-0.1f, 1f, 0.2f, -0.5f}});
        assertArrayEquals(new boolean[] {true, false, true, false}, OneShotMasks.structures(w, StructureType.ROWS, 1, 0.5));
        assertArrayEquals(new boolean[] {true, false, false, false}, OneShotMasks.structures(w, StructureType.ROWS, 1, 0.49));
        assertArrayEquals(new boolean[4], OneShotMasks.structures(w, StructureType.ROWS, 1, 0));
    }
}
