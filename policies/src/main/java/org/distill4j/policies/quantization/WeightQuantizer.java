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
                    double min = Double.POSITIVE_INFINITY;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int i = g * groupSize; i < (g + 1) * groupSize; i++) {
                        min = Math.min(min, w[i]);
                        max = Math.max(max, w[i]);
                    }
                    LinearQuantParams p = mode.params(min, max, bits);
                    // the scale is stored as a float: quantize with exactly the float the file keeps
                    float s = (float) p.scale();
                    LinearQuantParams pf = new LinearQuantParams(s, p.zeroPoint(), p.qmin(), p.qmax());
                    for (int i = g * groupSize; i < (g + 1) * groupSize; i++) {
                        values[i] = pf.quantize(w[i]);
                    }
                    scales[g] = s;
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
}
