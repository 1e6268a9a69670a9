package org.distill4j.policies.quantization;

/**
 * A weight tensor as integers: {@code w[c][i] ≈ scales[c] · (values[c·perChannel + i] − zeroPoints[c])}
 * for output channel {@code c} ({@code scales}/{@code zeroPoints} have length 1 when per tensor).
 * Every value is {@code codeOffset + codeStep · code} with {@code code ∈ [0, 2^bits)}, so a file
 * stores {@code bits} per weight (DoReFa's odd levels −3, −1, 1, 3 are codes 0..3 with step 2).
 */
public record QuantizedWeights(int channels, int perChannel, int[] values, float[] scales, int[] zeroPoints,
                               int bits, int codeOffset, int codeStep) {

    public boolean perChannelScales() {
        return scales.length > 1;
    }

    public float scale(int channel) {
        return scales[scales.length == 1 ? 0 : channel];
    }

    public int zeroPoint(int channel) {
        return zeroPoints[zeroPoints.length == 1 ? 0 : channel];
    }

    /** The code of each value, in {@code [0, 2^bits)}. */
    public int code(int index) {
        return (values[index] - codeOffset) / codeStep;
    }

    /** The real weights these integers stand for (the fake-quantized weights), in the same layout. */
    public float[] dequantize() {
        return dequantizeInto(new float[values.length]);
    }

    /** {@link #dequantize} into {@code w} (length ≥ the number of weights); returns {@code w}. */
    public float[] dequantizeInto(float[] w) {
        for (int c = 0; c < channels; c++) {
            float s = scale(c);
            int z = zeroPoint(c);
            for (int i = 0; i < perChannel; i++) {
                int k = c * perChannel + i;
                w[k] = s * (values[k] - z);
            }
        }
        return w;
    }
}
