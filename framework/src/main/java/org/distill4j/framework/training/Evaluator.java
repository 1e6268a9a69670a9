package org.distill4j.framework.training;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Runs a model in inference mode over features in batches and scores its class probabilities.
 * Written out rather than DL4J's {@code Evaluation} so that top-5 and the loss come from the same
 * single pass and labels may be plain class indices. Classes with equal probabilities rank by index
 * (lowest first, like argmax), so a network whose outputs tie — e.g. with pruned output units —
 * is not credited for every class in the tie.
 */
public final class Evaluator {
    private final int batchSize;

    public Evaluator(int batchSize) {
        this.batchSize = batchSize;
    }

    public Evaluation evaluate(Model model, INDArray features, int[] labels) {
        int n = (int) features.size(0);
        if (n == 0) {
            return new Evaluation(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        long correct1 = 0;
        long correct5 = 0;
        double lossSum = 0;
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            INDArray probabilities = output(model, features.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()));
            float[] p = probabilities.dup('c').data().asFloat();
            int classes = (int) probabilities.size(1);
            for (int r = 0; r < to - from; r++) {
                int label = labels[from + r];
                float target = p[r * classes + label];
                int higher = 0; // classes ranked before the label; a tie goes to the lower index, as argmax does
                for (int c = 0; c < classes; c++) {
                    float q = p[r * classes + c];
                    if (q > target || (q == target && c < label)) {
                        higher++;
                    }
                }
                correct1 += higher == 0 ? 1 : 0;
                correct5 += higher < 5 ? 1 : 0;
                lossSum -= Math.log(Math.max(target, 1e-12f));
            }
        }
        return new Evaluation((double) correct1 / n, (double) correct5 / n, lossSum / n, n);
    }

    /** Class probabilities of one batch, in inference mode. */
    public static INDArray output(Model model, INDArray batch) {
        if (model instanceof MultiLayerNetwork net) {
            return net.output(batch, false);
        }
        if (model instanceof ComputationGraph graph) {
            return graph.outputSingle(false, batch);
        }
        throw new IllegalArgumentException("unsupported model type " + model.getClass().getName());
    }
}
