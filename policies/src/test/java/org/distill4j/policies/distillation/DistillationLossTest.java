package org.distill4j.policies.distillation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.distill4j.policies.TinyNetworks;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

class DistillationLossTest {
    private static final int N = 5;
    private static final int C = 4;

    /** [one-hot | teacher logits] in double precision, and student logits. */
    private static INDArray[] data(long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, N, 2 * C);
        for (int i = 0; i < N; i++) {
            labels.putScalar(i, (i * 3) % C, 1.0);
        }
        labels.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(C, 2 * C))
                .assign(Nd4j.randn(DataType.DOUBLE, N, C).muli(3));
        INDArray logits = Nd4j.randn(DataType.DOUBLE, N, C).muli(2);
        return new INDArray[] {labels, logits};
    }

    @Test
    void gradientMatchesFiniteDifferencesOfTheScore() {
        double[][] settings = {{1, 1, 0}, {1, 0, 1}, {2, 0.3, 0.7}, {4, 0.5, 0.5}, {8, 0.1, 0.9}};
        for (double[] s : settings) {
            DistillationLoss loss = new DistillationLoss(s[0], s[1], s[2]);
            INDArray[] d = data(11);
            INDArray labels = d[0];
            INDArray z = d[1];
            INDArray analytic = loss.computeGradient(labels, z, new ActivationSoftmax(), null);
            double h = 1e-6;
            for (int i = 0; i < N; i++) {
                for (int c = 0; c < C; c++) {
                    double orig = z.getDouble(i, c);
                    z.putScalar(i, c, orig + h);
                    double plus = loss.computeScore(labels, z, new ActivationSoftmax(), null, false);
                    z.putScalar(i, c, orig - h);
                    double minus = loss.computeScore(labels, z, new ActivationSoftmax(), null, false);
                    z.putScalar(i, c, orig);
                    double numeric = (plus - minus) / (2 * h);
                    assertEquals(numeric, analytic.getDouble(i, c), 1e-6 + 1e-5 * Math.abs(numeric),
                            "T=" + s[0] + " weights " + s[1] + "/" + s[2] + " at (" + i + "," + c + ")");
                }
            }
        }
    }

    @Test
    void maskedExamplesContributeNothing() {
        DistillationLoss loss = new DistillationLoss(2, 0.3, 0.7);
        INDArray[] d = data(3);
        INDArray mask = Nd4j.create(new double[] {1, 0, 1, 0, 1}, N, 1);
        INDArray grad = loss.computeGradient(d[0], d[1], new ActivationSoftmax(), mask);
        assertEquals(0.0, grad.getRow(1).norm2Number().doubleValue(), 0);
        INDArray scores = loss.computeScoreArray(d[0], d[1], new ActivationSoftmax(), mask);
        assertEquals(0.0, scores.getDouble(3, 0), 0);
    }

    @Test
    void temperatureOneWithoutDistillWeightIsPlainCrossEntropy() {
        DistillationLoss loss = new DistillationLoss(1, 1, 0);
        INDArray[] d = data(5);
        INDArray oneHot = d[0].get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, C)).dup();
        LossMCXENT ce = new LossMCXENT();
        assertEquals(ce.computeScore(oneHot, d[1].dup(), new ActivationSoftmax(), null, true),
                loss.computeScore(d[0], d[1], new ActivationSoftmax(), null, true), 1e-9);
        INDArray expected = ce.computeGradient(oneHot, d[1].dup(), new ActivationSoftmax(), null);
        assertEquals(0.0, expected.sub(loss.computeGradient(d[0], d[1], new ActivationSoftmax(), null))
                .norm2Number().doubleValue(), 1e-9);
    }

    @Test
    void distillationTermIsZeroWhenTheStudentMatchesTheTeacher() {
        DistillationLoss loss = new DistillationLoss(4, 0, 1);
        INDArray[] d = data(9);
        INDArray teacher = d[0].get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(C, 2 * C)).dup().addi(7); // a per-row shift changes nothing
        assertEquals(0.0, loss.computeScore(d[0], teacher, new ActivationSoftmax(), null, false), 1e-9);
        DistillationLoss.Components c = loss.takeComponents();
        assertEquals(N, c.examples());
        assertEquals(0.0, c.distillationTerm(), 1e-9);
    }

    @Test
    void labelsWithoutTeacherLogitsAreRefusedWithAHint() {
        DistillationLoss loss = new DistillationLoss(2, 0.5, 0.5);
        INDArray[] d = data(1);
        var e = assertThrows(IllegalArgumentException.class, () -> loss.computeScore(
                Nd4j.zeros(DataType.DOUBLE, N, C), d[1], new ActivationSoftmax(), null, true));
        assertEquals(true, e.getMessage().contains("teacher logits"));
    }

    @Test
    void survivesTheModelConfigurationsJsonRoundTrip() {
        var net = TinyNetworks.mlp();
        ((BaseOutputLayer) net.getOutputLayer().conf().getLayer()).setLossFn(new DistillationLoss(4, 0.3, 0.7));
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson());
        DistillationLoss restored = assertInstanceOf(DistillationLoss.class,
                ((BaseOutputLayer) back.getConf(1).getLayer()).getLossFn());
        assertEquals(4, restored.temperature());
        assertEquals(0.3, restored.studentWeight());
        assertEquals(0.7, restored.distillWeight());
    }
}
