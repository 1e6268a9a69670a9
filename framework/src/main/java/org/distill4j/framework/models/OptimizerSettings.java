package org.distill4j.framework.models;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The optimizer a recipe asks for, as DL4J configuration.
 *
 * @param type         sgd, nesterov or adam
 * @param weightDecay  coupled L2 on weights ({@code g += wd * w}), PyTorch's {@code weight_decay}
 */
public record OptimizerSettings(String type, double learningRate, double momentum, double weightDecay,
                                double beta1, double beta2, double epsilon) {

    public IUpdater updater() {
        return switch (type) {
            case "sgd" -> momentum == 0 ? new Sgd(learningRate) : new SgdMomentum(learningRate, momentum);
            case "nesterov" -> new Nesterovs(learningRate, momentum);
            case "adam" -> new Adam(learningRate, beta1, beta2, epsilon);
            default -> throw new IllegalArgumentException("unknown optimizer type '" + type + "' (sgd, nesterov, adam)");
        };
    }

    public static OptimizerSettings sgd(double learningRate) {
        return new OptimizerSettings("sgd", learningRate, 0, 0, 0.9, 0.999, 1e-8);
    }
}
