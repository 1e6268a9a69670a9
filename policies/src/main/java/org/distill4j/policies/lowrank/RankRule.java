package org.distill4j.policies.lowrank;

import java.util.Locale;

/**
 * How the rank of one factorized layer is chosen, given its weight as a matrix {@code [m, n]}
 * ({@code m} inputs — {@code nIn}, or {@code nIn·kH·kW} for a convolution — by {@code n = nOut}
 * outputs) with {@code bias} bias parameters, and the matrix's singular values.
 *
 * <ul>
 * <li>{@link Kind#RANK}: that rank (at most the full rank {@code min(m, n)}).</li>
 * <li>{@link Kind#RATIO}: the largest rank whose factorized layer keeps at most this fraction of
 *     the layer's parameters: {@code r·(m + n) + bias ≤ ratio·(m·n + bias)} (at least 1).</li>
 * <li>{@link Kind#ENERGY}: the smallest rank whose singular values keep at least this fraction of
 *     the sum of squared singular values (the squared Frobenius norm of the weight), the usual
 *     criterion of SVD compression (e.g. Denton et al., NIPS 2014; Xue et al., Interspeech 2013).</li>
 * </ul>
 */
public record RankRule(Kind kind, double value) {

    public enum Kind {
        RANK("rank"), RATIO("ratio"), ENERGY("energy");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        /** The recipe key and command-line option name. */
        public String key() {
            return key;
        }
    }

    public RankRule {
        String problem = problem(kind, value);
        if (problem != null) {
            throw new IllegalArgumentException(kind.key() + " " + problem);
        }
    }

    public static RankRule rank(int rank) {
        return new RankRule(Kind.RANK, rank);
    }

    public static RankRule ratio(double ratio) {
        return new RankRule(Kind.RATIO, ratio);
    }

    public static RankRule energy(double energy) {
        return new RankRule(Kind.ENERGY, energy);
    }

    /** Why {@code value} is not valid for {@code kind}, or null when it is. */
    public static String problem(Kind kind, double value) {
        return switch (kind) {
            case RANK -> value >= 1 && value == Math.rint(value) && value <= Integer.MAX_VALUE ? null
                    : "must be a whole number >= 1, got " + value;
            case RATIO, ENERGY -> value > 0 && value <= 1 ? null : "must be in (0, 1], got " + value;
        };
    }

    /**
     * The rank for a matrix {@code [m, n]} with {@code bias} bias parameters and the given singular
     * values (descending, {@code min(m, n)} of them).
     *
     * @throws IllegalArgumentException when a fixed rank exceeds the full rank
     */
    public int choose(long m, long n, long bias, double[] singularValues) {
        int full = (int) Math.min(m, n);
        return switch (kind) {
            case RANK -> {
                if (value > full) {
                    throw new IllegalArgumentException("rank " + (long) value + " exceeds the full rank " + full);
                }
                yield (int) value;
            }
            case RATIO -> (int) Math.max(1, Math.min(full, Math.floor((value * (m * n + bias) - bias) / (m + n))));
            case ENERGY -> {
                double total = 0;
                for (double s : singularValues) {
                    total += s * s;
                }
                double kept = 0;
                int r = 0;
                while (r < full && kept < value * total * (1 - 1e-12)) {
                    kept += singularValues[r] * singularValues[r];
                    r++;
                }
                yield Math.max(1, r);
            }
        };
    }

    @Override
    public String toString() {
        return kind == Kind.RANK ? "rank " + (long) value : String.format(Locale.ROOT, "%s %.4g", kind.key(), value);
    }
}
