package org.distill4j.framework.training;

/** Top-1/top-5 accuracy and mean cross-entropy of a model over a labelled set. */
public record Evaluation(double top1, double top5, double loss, int examples) {
}
