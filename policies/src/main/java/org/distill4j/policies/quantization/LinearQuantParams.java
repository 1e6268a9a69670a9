package org.distill4j.policies.quantization;

/**
 * One linear quantizer: {@code q = clamp(round(x / scale) + zeroPoint, qmin, qmax)},
 * {@code x̂ = scale · (q − zeroPoint)}.
 */
public record LinearQuantParams(double scale, int zeroPoint, int qmin, int qmax) {

    public int quantize(double x) {
        long q = Math.round(x / scale) + zeroPoint;
        return (int) Math.max(qmin, Math.min(qmax, q));
    }

    public double dequantize(int q) {
        return scale * (q - zeroPoint);
    }

    /** The smallest and largest values that survive fake quantization unclipped. */
    public double clipMin() {
        return scale * (qmin - zeroPoint);
    }

    public double clipMax() {
        return scale * (qmax - zeroPoint);
    }
}
