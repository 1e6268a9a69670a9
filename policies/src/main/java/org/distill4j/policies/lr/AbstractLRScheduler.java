package org.distill4j.policies.lr;

import org.distill4j.policies.Policy;
import org.distill4j.policies.PolicyContext;

/**
 * A learning-rate schedule (recipe section {@code lr_schedulers}): at the beginning of every
 * active epoch it sets the optimizer's rate to {@link #learningRate}{@code (base, epoch)} and
 * reports it as {@code lr}. {@code base} is the rate the recipe's optimizer starts with
 * ({@link PolicyContext#initialLearningRate()}) and {@code epoch} the absolute epoch, as Distiller
 * passes it to PyTorch's {@code scheduler.step(epoch)}.
 *
 * <p>The rate is a closed form of the epoch, not a running product, so a run resumed at any epoch
 * gets the same rate as an uninterrupted one. Outside its active epochs a schedule does nothing:
 * the last rate it set stays.
 */
public abstract class AbstractLRScheduler extends Policy {

    /** The rate in {@code epoch} for a schedule starting from {@code base}. */
    public abstract double learningRate(double base, int epoch);

    @Override
    public void onEpochBegin(PolicyContext context) {
        double lr = learningRate(context.initialLearningRate(), context.epoch());
        context.setLearningRate(lr);
        context.report("lr", lr);
    }

    /** gamma must be a finite number > 0 (0 would stop training; PyTorch does not check). */
    static boolean validGamma(double gamma) {
        return gamma > 0 && Double.isFinite(gamma);
    }
}
