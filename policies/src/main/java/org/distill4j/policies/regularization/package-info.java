/**
 * Regularizers scheduled as policies ({@code regularizers:} in a recipe): L1 and group lasso,
 * adding their penalty's gradient before the optimizer step, optionally zeroing small structures.
 */
package org.distill4j.policies.regularization;
