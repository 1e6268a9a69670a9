package org.distill4j.framework.charts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distill4j.framework.sense.SensitivityPoint;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** sensitivity.png: validation top-1 against sparsity, one line per pruned tensor. */
public final class SensitivityChart {
    private SensitivityChart() {
    }

    public static XYChart of(List<SensitivityPoint> points, String title) {
        XYChart chart = ChartImages.lineChart(title, "sparsity of the one pruned tensor", "validation top-1");
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setXAxisMin(0.0).setXAxisMax(1.0)
                .setXAxisDecimalPattern("0.0#").setYAxisDecimalPattern("0.0#");
        Map<String, List<SensitivityPoint>> byParameter = new LinkedHashMap<>();
        for (SensitivityPoint p : points) {
            byParameter.computeIfAbsent(p.parameter(), k -> new ArrayList<>()).add(p);
        }
        byParameter.forEach((name, list) -> chart.addSeries(name,
                list.stream().mapToDouble(SensitivityPoint::sparsity).toArray(),
                list.stream().mapToDouble(SensitivityPoint::top1).toArray()).setMarker(SeriesMarkers.CIRCLE));
        return chart;
    }
}
