package org.distill4j.framework.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** {@code optimizer: {type: sgd, momentum: m}} is PyTorch's heavy-ball SGD: v = m·v + g; w -= lr·v. */
class SgdMomentumTest {

    @Test
    void twoStepsFollowTheHeavyBallFormula() {
        double lr = 0.1;
        double momentum = 0.9;
        MultiLayerNetwork net = ModelZoo.build("mlp", List.of(4), 3, new OptimizerSettings("sgd", lr, momentum, 0, 0.9, 0.999, 1e-8));
        Nd4j.getRandom().setSeed(1);
        DataSet batch = new DataSet(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 8, 784),
                Nd4j.eye(10).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 8), org.nd4j.linalg.indexing.NDArrayIndex.all())
                        .castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));

        INDArray w0 = net.params().dup();
        INDArray g0 = gradient(net, batch);
        net.fit(batch);
        INDArray g1 = gradient(net, batch);
        net.fit(batch);

        INDArray v1 = g0;
        INDArray v2 = v1.mul(momentum).add(g1);
        INDArray expected = w0.sub(v1.mul(lr)).sub(v2.mul(lr));
        assertArrayEquals(expected.toFloatVector(), net.params().toFloatVector(), 1e-5f);
    }

    /** The minibatch-mean gradient DL4J's updater receives. */
    private static INDArray gradient(MultiLayerNetwork net, DataSet batch) {
        net.setInput(batch.getFeatures());
        net.setLabels(batch.getLabels());
        net.computeGradientAndScore();
        return net.gradient().gradient().dup().divi(batch.numExamples());
    }
}
