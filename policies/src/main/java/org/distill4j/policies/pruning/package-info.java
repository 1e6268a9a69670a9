/**
 * Built-in pruners: {@link org.distill4j.policies.pruning.AutomatedGradualPruner},
 * {@link org.distill4j.policies.pruning.SparsityLevelParameterPruner},
 * {@link org.distill4j.policies.pruning.MagnitudeParameterPruner}, and the template
 * {@link org.distill4j.policies.pruning.AbstractPruner} for pruners that aim at a target sparsity.
 * Pruners only set masks; the scheduler keeps them applied to gradients and weights.
 */
package org.distill4j.policies.pruning;
