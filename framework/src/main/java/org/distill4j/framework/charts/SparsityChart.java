package org.distill4j.framework.charts;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.distill4j.framework.training.EpochMetrics;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * sparsity.png of a run: the weight sparsity per epoch (over the pruned layers, as metrics.csv's
 * {@code weight_sparsity}), and every other sparsity column of metrics.csv — the policies' targets
 * such as {@code agp.target_sparsity} or {@code agp.fc1.W.target_sparsity} — as dashed lines.
 * metrics.csv holds no measured per-layer sparsity; summary.txt has it for the final model.
 */
public final class SparsityChart {
    private SparsityChart() {
    }

    public static XYChart of(List<EpochMetrics> epochs) {
        XYChart chart = ChartImages.lineChart("Weight sparsity per epoch", "epoch", "sparsity (%)");
        chart.getStyler().setXAxisDecimalPattern("0.#").setYAxisMin(0.0).setYAxisMax(100.0);
        double[] x = AccuracyChart.column(epochs, "epoch");
        chart.addSeries("weight sparsity", x, percent(AccuracyChart.column(epochs, "weight_sparsity")))
                .setMarker(SeriesMarkers.CIRCLE);
        Set<String> others = new LinkedHashSet<>();
        epochs.forEach(e -> e.values().keySet().stream()
                .filter(k -> k.endsWith("sparsity") && !k.equals("weight_sparsity")).forEach(others::add));
        for (String key : others) {
            XYSeries target = chart.addSeries(key, x, percent(AccuracyChart.column(epochs, key)));
            target.setLineStyle(SeriesLines.DASH_DASH);
            target.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    private static double[] percent(double[] fractions) {
        double[] p = new double[fractions.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = 100 * fractions[i];
        }
        return p;
    }
}
