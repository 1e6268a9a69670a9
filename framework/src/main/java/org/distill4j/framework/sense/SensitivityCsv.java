package org.distill4j.framework.sense;

import java.util.List;
import java.util.Locale;

/** sensitivity.csv: {@code parameter,sparsity,top1,top5,loss}, one row per tensor and level. */
public final class SensitivityCsv {
    public static final String HEADER = "parameter,sparsity,top1,top5,loss";

    private SensitivityCsv() {
    }

    public static String render(List<SensitivityPoint> points) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (SensitivityPoint p : points) {
            b.append(String.format(Locale.ROOT, "%s,%.4f,%.6f,%.6f,%.6f%n", p.parameter(), p.sparsity(), p.top1(),
                    p.top5(), p.loss()));
        }
        return b.toString();
    }
}
