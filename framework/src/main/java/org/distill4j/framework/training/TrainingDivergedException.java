package org.distill4j.framework.training;

/** The loss or a parameter became NaN or infinite; names the epoch and iteration. */
public final class TrainingDivergedException extends RuntimeException {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
