/**
 * The policy SPI: {@link org.distill4j.policies.Policy} and its hooks, the
 * {@link org.distill4j.policies.PolicyContext} every hook receives, named parameters and masks.
 * Built-in policies live in sub-packages by family (pruning, lr, ...).
 */
package org.distill4j.policies;
