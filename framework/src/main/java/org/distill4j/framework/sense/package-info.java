/**
 * {@code distill sense}: Distiller's sensitivity analysis. Each prunable weight tensor is pruned
 * alone to each level of a range (elements by magnitude, or output filters/neurons by L1 norm),
 * the network is evaluated on the validation split, and the tensor is restored; the result is a
 * table of top-1/top-5/loss per tensor and level ({@code sensitivity.csv}) and its chart.
 */
package org.distill4j.framework.sense;
