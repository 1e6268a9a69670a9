package org.distill4j.policies.lowrank;

/**
 * What factorizing one layer did.
 *
 * @param layer        the original layer's name, e.g. {@code fc1}
 * @param first        the first new layer (input → rank), {@code <layer>_u}
 * @param second       the second new layer (rank → outputs, the original bias and activation), {@code <layer>_v}
 * @param rank         the rank kept
 * @param fullRank     {@code min(m, n)} of the weight matrix {@code [m, n]}
 * @param rule         how the rank was chosen
 * @param paramsBefore the layer's parameters (weights and bias)
 * @param paramsAfter  the two new layers' parameters
 * @param energy       the fraction of the squared singular values kept
 */
public record LayerFactorization(String layer, String first, String second, int rank, int fullRank, RankRule rule,
                                 long paramsBefore, long paramsAfter, double energy) {

    /** {@code paramsAfter / paramsBefore}. */
    public double keptParams() {
        return (double) paramsAfter / paramsBefore;
    }
}
