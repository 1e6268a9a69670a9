package org.distill4j.policies.quantization;

/**
 * Turns float weights laid out as {@code [outputChannel][rest]} into {@link QuantizedWeights}. Plain
 * Java on float arrays: the same code gives the fake-quantized weights of the training forward
 * pass and the integers of the model file, so the two cannot drift apart.
 *
 * @param scheme     linear, DoReFa or ternary
 * @param bits       bits per weight (ternary: 2)
 * @param mode       the linear mode (ignored by DoReFa and ternary, which are symmetric)
 * @param perChannel one scale (and zero point) per output channel instead of per tensor
 */
public record WeightQuantizer(WeightScheme scheme, int bits, QuantMode mode, boolean perChannel) {

    public WeightQuantizer {
        if (scheme == WeightScheme.LINEAR && (bits < 2 || bits > 8)) {
            throw new IllegalArgumentException("linear weight quantization needs 2..8 bits, got " + bits);
        }
        if (scheme == WeightScheme.DOREFA && (bits < 1 || bits > 8)) {
            throw new IllegalArgumentException("DoReFa weights need 1..8 bits, got " + bits);
        }
        if (scheme == WeightScheme.TERNARY && bits != 2) {
            throw new IllegalArgumentException("ternary weights take 2 bits, got " + bits);
        }
    }

    public QuantizedWeights quantize(float[] w, int channels) {
        int per = w.length / channels;
        int groups = perChannel ? channels : 1;
        int groupSize = perChannel ? per : w.length;
        int[] values = new int[w.length];
        float[] scales = new float[groups];
        int[] zps = new int[groups];
        int codeOffset;
        int codeStep;
        switch (scheme) {
            case LINEAR -> {
                int qmin = 0;
                for (int g = 0; g < groups; g++) {
                    LinearQuantParams p = linearParams(w, g * groupSize, (g + 1) * groupSize);
                    float scale = (float) p.scale();
                    for (int i = g * groupSize; i < (g + 1) * groupSize; i++) {
                        values[i] = linearCode(w[i], scale, p);
                    }
                    scales[g] = scale;
                    zps[g] = p.zeroPoint();
                    qmin = p.qmin();
                }
                codeOffset = qmin;
                codeStep = 1;
            }
            case DOREFA -> {
                if (bits == 1) {
                    for (int g = 0; g < groups; g++) {
                        double sum = 0;
                        for (int i = g * groupSize; i < (g + 1) * groupSize; i++) {
                            sum += Math.abs(w[i]);
                            values[i] = w[i] >= 0 ? 1 : -1;
                        }
                        scales[g] = (float) (sum / groupSize);
                    }
                    codeOffset = -1;
                    codeStep = 2;
                } else {
                    int n = (1 << bits) - 1;
                    for (int g = 0; g < groups; g++) {
                        double m = 0;
                        for (int i = g * groupSize; i < (g + 1) * groupSize; i++) {
                            m = Math.max(m, Math.abs(Math.tanh(w[i])));
                        }
                        m = m > 0 ? m : 1;
                        for (int i = g * groupSize; i < (g + 1) * groupSize; i++) {
                            double unit = Math.tanh(w[i]) / (2 * m) + 0.5;
                            int code = (int) Math.max(0, Math.min(n, Math.round(unit * n)));
                            values[i] = 2 * code - n;
                        }
                        scales[g] = 1f / n;
                    }
                    codeOffset = -n;
                    codeStep = 2;
                }
            }
            default -> { // TERNARY
                for (int g = 0; g < groups; g++) {
                    double sumAbs = 0;
                    for (int i = g * groupSize; i < (g + 1) * groupSize; i++) {
                        sumAbs += Math.abs(w[i]);
                    }
                    double delta = 0.7 * sumAbs / groupSize;
                    double kept = 0;
                    int count = 0;
                    for (int i = g * groupSize; i < (g + 1) * groupSize; i++) {
                        if (Math.abs(w[i]) > delta) {
                            kept += Math.abs(w[i]);
                            count++;
                            values[i] = w[i] > 0 ? 1 : -1;
                        } else {
                            values[i] = 0;
                        }
                    }
                    scales[g] = count > 0 ? (float) (kept / count) : 0f;
                }
                codeOffset = -1;
                codeStep = 1;
            }
        }
        return new QuantizedWeights(channels, per, values, scales, zps, bits, codeOffset, codeStep);
    }

    /**
     * Writes {@code quantize(w, channels).dequantize()} over {@code w}: the fake-quantized weights of a
     * training forward pass. Linear weights take one pass for the range and one for the values, and no
     * allocation (this runs on every step).
     */
    public void fakeQuantizeInPlace(float[] w, int channels) {
        if (scheme != WeightScheme.LINEAR) {
            quantize(w, channels).dequantizeInto(w);
            return;
        }
        int groupSize = perChannel ? w.length / channels : w.length;
        for (int from = 0; from < w.length; from += groupSize) {
            int to = from + groupSize;
            LinearQuantParams p = linearParams(w, from, to);
            float s = (float) p.scale();
            int z = p.zeroPoint();
            for (int i = from; i < to; i++) {
                w[i] = s * (linearCode(w[i], s, p) - z);
            }
        }
    }

    /**
     * {@code clamp(floor(x / s + 0.5) + zeroPoint, qmin, qmax)} in float arithmetic: unlike
     * {@link LinearQuantParams#quantize}'s double division and {@code Math.round}, the loops that call
     * it vectorize (4× faster on a LeNet-300-100 step's 266,200 weights). Both the training forward
     * pass and the model file use it, so they agree exactly.
     */
    private static int linearCode(float x, float s, LinearQuantParams p) {
        float q = (float) Math.floor(x / s + 0.5f) + p.zeroPoint();
        return (int) Math.max(p.qmin(), Math.min(p.qmax(), q));
    }

    /** The linear quantizer of {@code w[from, to)}, its scale rounded to the float the model file keeps. */
    private LinearQuantParams linearParams(float[] w, int from, int to) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            min = Math.min(min, w[i]);
            max = Math.max(max, w[i]);
        }
        LinearQuantParams p = mode.params(min, max, bits);
        return new LinearQuantParams((float) p.scale(), p.zeroPoint(), p.qmin(), p.qmax());
    }
}
