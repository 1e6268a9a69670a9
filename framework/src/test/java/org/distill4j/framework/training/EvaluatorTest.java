package org.distill4j.framework.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class EvaluatorTest {

    @Test
    void tiedProbabilitiesAreNotCountedCorrectForEveryClassInTheTie() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(2).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        net.params().assign(0); // every class gets probability 1/3
        Evaluation e = new Evaluator(2).evaluate(net, Nd4j.rand(3, 2), new int[] {0, 1, 2});
        assertEquals(1.0 / 3, e.top1(), 1e-12, "argmax picks class 0 of a tie");
        assertEquals(1.0, e.top5(), 1e-12);
        assertEquals(Math.log(3), e.loss(), 1e-6);
    }
}
