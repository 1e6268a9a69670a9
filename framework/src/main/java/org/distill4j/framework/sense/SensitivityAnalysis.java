package org.distill4j.framework.sense;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.distill4j.framework.data.ImageDataset;
import org.distill4j.framework.training.Evaluation;
import org.distill4j.framework.training.Evaluator;
import org.distill4j.policies.ModelParameters;

/**
 * Prunes each tensor alone to each level, evaluates the network on a labelled set, and restores
 * the tensor: Distiller's {@code perform_sensitivity_analysis}. The network is changed only while
 * a level is evaluated; afterwards its parameters are the ones it came with, bit for bit.
 */
public final class SensitivityAnalysis {
    private final MultiLayerNetwork net;
    private final ImageDataset data;
    private final Evaluator evaluator;

    /** Called after each tensor's levels are done, with that tensor's points. */
    @FunctionalInterface
    public interface Progress {
        void tensorDone(SensedWeight weight, List<SensitivityPoint> points, double seconds);
    }

    public SensitivityAnalysis(MultiLayerNetwork net, ImageDataset data, int batchSize) {
        this.net = net;
        this.data = data;
        this.evaluator = new Evaluator(batchSize);
    }

    /** The unpruned network's figures on the set. */
    public Evaluation baseline() {
        return evaluate();
    }

    public List<SensitivityPoint> run(List<SensedWeight> weights, List<Double> levels, PruneKind kind, Progress progress) {
        ModelParameters parameters = ModelParameters.of(net);
        List<SensitivityPoint> all = new ArrayList<>();
        for (SensedWeight weight : weights) {
            long start = System.nanoTime();
            TensorPruning pruning = new TensorPruning(parameters, weight, kind);
            List<SensitivityPoint> points = new ArrayList<>();
            try {
                for (double level : levels) {
                    pruning.prune(level);
                    Evaluation e = evaluate();
                    points.add(new SensitivityPoint(weight.name(), level, e.top1(), e.top5(), e.loss()));
                }
            } finally {
                pruning.restore();
            }
            all.addAll(points);
            progress.tensorDone(weight, points, (System.nanoTime() - start) / 1e9);
        }
        return all;
    }

    private Evaluation evaluate() {
        return evaluator.evaluate(net, data.features(), data.labels());
    }
}
