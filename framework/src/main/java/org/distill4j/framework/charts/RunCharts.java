package org.distill4j.framework.charts;

import java.util.List;
import java.util.OptionalDouble;
import org.distill4j.framework.run.RunFolder;
import org.distill4j.framework.training.EpochMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a run folder's accuracy.png and sparsity.png (atomically, through {@link RunFolder}),
 * after every epoch and once more with the test top-1 at the end. Charts are a view of metrics.csv:
 * a chart that cannot be drawn is a warning in the log, never the end of a training run.
 */
public final class RunCharts {
    private static final Logger LOG = LoggerFactory.getLogger(RunCharts.class);
    public static final String ACCURACY = "accuracy.png";
    public static final String SPARSITY = "sparsity.png";

    private RunCharts() {
    }

    public static void write(RunFolder folder, List<EpochMetrics> epochs, OptionalDouble testTop1) {
        if (epochs.isEmpty()) {
            return;
        }
        try {
            folder.writeBytes(ACCURACY, ChartImages.png(AccuracyChart.of(epochs, testTop1)));
            folder.writeBytes(SPARSITY, ChartImages.png(SparsityChart.of(epochs)));
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("charts not written to {}: {}", folder.dir(), e.toString());
        }
    }
}
