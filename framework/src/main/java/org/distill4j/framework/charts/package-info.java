/**
 * Charts as PNG files, drawn with XChart without a display ({@code java.awt.headless=true}):
 * a run folder's {@code accuracy.png} and {@code sparsity.png}, a sensitivity analysis's
 * {@code sensitivity.png}. One class per chart; {@link org.distill4j.framework.charts.ChartImages}
 * turns any of them into PNG bytes.
 */
package org.distill4j.framework.charts;
