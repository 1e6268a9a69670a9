package org.distill4j.policies.quantization;

/**
 * How a real range maps onto integers, as in Distiller's {@code LinearQuantMode}. A value is
 * represented as {@code x ≈ scale · (q − zeroPoint)} with {@code q} in {@code [qmin, qmax]}.
 */
public enum QuantMode {
    /** {@code zeroPoint = 0}, {@code q ∈ [−(2^(b−1)−1), 2^(b−1)−1]} (restricted range, symmetric around 0); {@code scale = max|x| / qmax}. */
    SYMMETRIC,
    /** {@code q ∈ [0, 2^b − 1]}: the range [min(x, 0), max(x, 0)] is spread over all codes; best for ReLU outputs. */
    ASYMMETRIC_UNSIGNED,
    /** {@code q ∈ [−2^(b−1), 2^(b−1) − 1]} with a zero point. */
    ASYMMETRIC_SIGNED;

    /** The parameters that map {@code [min, max]} (widened to contain 0, so 0 is exact) onto {@code bits}-bit integers. */
    public LinearQuantParams params(double min, double max, int bits) {
        if (bits < 1 || bits > 16) {
            throw new IllegalArgumentException("bits must be in 1..16, got " + bits);
        }
        double lo = Math.min(min, 0);
        double hi = Math.max(max, 0);
        switch (this) {
            case SYMMETRIC -> {
                int qmax = bits == 1 ? 1 : (1 << (bits - 1)) - 1;
                double absMax = Math.max(Math.abs(lo), Math.abs(hi));
                double scale = absMax > 0 ? absMax / qmax : 1.0;
                return new LinearQuantParams(scale, 0, -qmax, qmax);
            }
            case ASYMMETRIC_UNSIGNED -> {
                int qmax = (1 << bits) - 1;
                double scale = hi > lo ? (hi - lo) / qmax : 1.0;
                int zp = (int) Math.round(-lo / scale);
                return new LinearQuantParams(scale, Math.max(0, Math.min(qmax, zp)), 0, qmax);
            }
            default -> {
                int qmin = -(1 << (bits - 1));
                int qmax = (1 << (bits - 1)) - 1;
                double scale = hi > lo ? (hi - lo) / (qmax - qmin) : 1.0;
                int zp = qmin - (int) Math.round(lo / scale);
                return new LinearQuantParams(scale, Math.max(qmin, Math.min(qmax, zp)), qmin, qmax);
            }
        }
    }
}
