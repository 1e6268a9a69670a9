package org.distill4j.framework.charts;

import java.util.List;
import java.util.OptionalDouble;
import org.distill4j.framework.training.EpochMetrics;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * accuracy.png of a run: validation top-1 per epoch, the test top-1 once the run has it (a single
 * point at the last epoch), and the training loss on a second axis.
 */
public final class AccuracyChart {
    private AccuracyChart() {
    }

    public static XYChart of(List<EpochMetrics> epochs, OptionalDouble testTop1) {
        XYChart chart = ChartImages.lineChart("Accuracy per epoch", "epoch", "top-1");
        chart.getStyler().setXAxisDecimalPattern("0.#").setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        chart.setYAxisGroupTitle(1, "train loss");
        double[] x = column(epochs, "epoch");
        chart.addSeries("val top-1", x, column(epochs, "val_top1")).setMarker(SeriesMarkers.CIRCLE);
        if (testTop1.isPresent() && x.length > 0) {
            XYSeries test = chart.addSeries("test top-1", new double[] {x[x.length - 1]}, new double[] {testTop1.getAsDouble()});
            test.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            test.setMarker(SeriesMarkers.DIAMOND);
        }
        XYSeries loss = chart.addSeries("train loss", x, column(epochs, "train_loss"));
        loss.setYAxisGroup(1);
        loss.setLineStyle(SeriesLines.DASH_DASH);
        loss.setMarker(SeriesMarkers.NONE);
        return chart;
    }

    /** One metric per epoch; NaN where an epoch lacks it (XChart leaves a gap). */
    static double[] column(List<EpochMetrics> epochs, String key) {
        return epochs.stream().mapToDouble(e -> e.values().getOrDefault(key, Double.NaN)).toArray();
    }
}
