/**
 * Low-rank approximation: {@link org.distill4j.policies.lowrank.LowRankFactorizer}, the scheduled
 * extension, over {@link org.distill4j.policies.lowrank.LowRankFactorization}, which replaces dense
 * and convolution layers by two thinner layers from a truncated SVD
 * ({@link org.distill4j.policies.lowrank.TruncatedSvd}) at a rank chosen by a
 * {@link org.distill4j.policies.lowrank.RankRule}. {@code fc1} becomes {@code fc1_u}, {@code fc1_v}.
 */
package org.distill4j.policies.lowrank;
