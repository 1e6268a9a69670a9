package org.distill4j.policies.surgery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.distill4j.policies.TinyNetworks;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;

class MultiLayerSurgeryTest {

    @Test
    void aRebuildWithNothingReplacedTrainsOnBitForBitUnderAdam() {
        continuesBitForBit(new Adam(0.01));
    }

    @Test
    void aRebuildWithNothingReplacedTrainsOnBitForBitUnderNesterov() {
        continuesBitForBit(new Nesterovs(0.05, 0.9));
    }

    private static void continuesBitForBit(IUpdater updater) {
        MultiLayerNetwork net = TinyNetworks.mlp(updater);
        DataSet batch = TinyNetworks.batch();
        for (int i = 0; i < 3; i++) {
            net.fit(batch);
        }
        MultiLayerNetwork copy = MultiLayerSurgery.replace(net, Map.of());
        assertNotSame(net.getLayerWiseConfigurations(), copy.getLayerWiseConfigurations());
        assertEquals(net.params(), copy.params());
        assertEquals(net.getUpdater().getStateViewArray(), copy.getUpdater().getStateViewArray());
        for (int i = 0; i < 3; i++) {
            net.fit(batch);
            copy.fit(batch);
        }
        assertEquals(net.params(), copy.params(), "the same next steps");
    }

    @Test
    void refusesUnknownLayersAndDuplicateNames() {
        MultiLayerNetwork net = TinyNetworks.mlp();
        assertThrows(IllegalArgumentException.class, () -> MultiLayerSurgery.replace(net, Map.of("fc9", List.of())));
        assertThrows(IllegalArgumentException.class, () -> MultiLayerSurgery.replace(net, Map.of("fc1", List.of())));
        var conf = net.getLayer("fc1").conf().getLayer().clone();
        conf.setLayerName("fc2");
        assertThrows(IllegalArgumentException.class, () -> MultiLayerSurgery.replace(net,
                Map.of("fc1", List.of(new NewLayer(conf, net.getLayer("fc1").paramTable())))));
    }
}
