package org.distill4j.framework.run;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.distill4j.framework.training.EpochMetrics;

/**
 * metrics.csv: one row per epoch. Policies may report new columns in later epochs, so the file is
 * rewritten whole (atomically) after each epoch with the union of columns; a missing value is empty.
 */
public final class MetricsCsv {
    private final List<EpochMetrics> rows = new ArrayList<>();

    public void add(EpochMetrics metrics) {
        rows.add(metrics);
    }

    /** The rows so far, oldest first (a copy). */
    public List<EpochMetrics> rows() {
        return List.copyOf(rows);
    }

    public String render() {
        Set<String> columns = new LinkedHashSet<>();
        rows.forEach(r -> columns.addAll(r.values().keySet()));
        StringBuilder b = new StringBuilder(String.join(",", columns)).append('\n');
        for (EpochMetrics r : rows) {
            List<String> cells = new ArrayList<>();
            for (String c : columns) {
                Double v = r.values().get(c);
                cells.add(v == null ? "" : format(c, v));
            }
            b.append(String.join(",", cells)).append('\n');
        }
        return b.toString();
    }

    private static String format(String column, double v) {
        if (column.equals("epoch")) {
            return String.valueOf((long) v);
        }
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
