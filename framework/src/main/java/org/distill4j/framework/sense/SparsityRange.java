package org.distill4j.framework.sense;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The sparsity levels of {@code --range START:STOP:STEP}: START, START+STEP, ... up to STOP, which
 * is included when it lands on the grid ({@code 0:0.95:0.05} is the 20 levels 0.00 … 0.95). Levels
 * are in [0, 1] and computed as {@code START + i·STEP} rounded to 9 decimals, so 0.15 is 0.15 and
 * not 0.15000000000000002.
 */
public record SparsityRange(double start, double stop, double step) {
    /** More levels than this is a typo (a step of 0.0001), not an analysis. */
    public static final int MAX_LEVELS = 1000;

    public SparsityRange {
        if (!(start >= 0 && stop <= 1 && start <= 1 && stop >= 0)) {
            throw new IllegalArgumentException("levels must be in [0, 1], got " + start + ":" + stop);
        }
        if (start > stop) {
            throw new IllegalArgumentException("START " + start + " is above STOP " + stop);
        }
        if (!(step > 0)) {
            throw new IllegalArgumentException("STEP must be positive, got " + step);
        }
        if ((stop - start) / step + 1 > MAX_LEVELS) {
            throw new IllegalArgumentException("more than " + MAX_LEVELS + " levels");
        }
    }

    /** Parses {@code START:STOP:STEP}; the message of the exception says what is wrong. */
    public static SparsityRange parse(String text) {
        String[] parts = text.trim().split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("'" + text + "' is not START:STOP:STEP (e.g. 0:0.95:0.05)");
        }
        double[] v = new double[3];
        for (int i = 0; i < 3; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not START:STOP:STEP with numbers (e.g. 0:0.95:0.05)");
            }
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException("'" + text + "' has a value that is not a finite number");
            }
        }
        return new SparsityRange(v[0], v[1], v[2]);
    }

    public List<Double> levels() {
        List<Double> levels = new ArrayList<>();
        for (int i = 0; ; i++) {
            double level = BigDecimal.valueOf(start + i * step).setScale(9, RoundingMode.HALF_EVEN).doubleValue();
            if (level > stop + 1e-9) {
                return levels;
            }
            levels.add(Math.min(level, 1.0));
        }
    }

    @Override
    public String toString() {
        return start + ":" + stop + ":" + step;
    }
}
