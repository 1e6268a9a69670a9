package org.distill4j.framework.sense;

/** The network's validation figures with one tensor pruned to one level. */
public record SensitivityPoint(String parameter, double sparsity, double top1, double top5, double loss) {
}
