package org.distill4j.framework.quantized;

import static org.distill4j.policies.quantization.DqModelWriter.ACT_RELU;
import static org.distill4j.policies.quantization.DqModelWriter.BIAS_FLOAT;
import static org.distill4j.policies.quantization.DqModelWriter.BIAS_INT32;
import static org.distill4j.policies.quantization.DqModelWriter.BIAS_NONE;
import static org.distill4j.policies.quantization.DqModelWriter.CONV;
import static org.distill4j.policies.quantization.DqModelWriter.DENSE;
import static org.distill4j.policies.quantization.DqModelWriter.MAXPOOL;

import java.io.DataInputStream;
import java.io.IOException;
import org.distill4j.framework.quantized.DqModel.Activations;
import org.distill4j.framework.quantized.DqModel.Requant;

/** One layer of a {@link DqModel}: convolution, dense or pooling, with its integer and float paths. */
public final class DqLayer {
    private final int kind;
    private final String name;
    private final int nOut;
    private final int nIn;
    private final int kh;
    private final int kw;
    private final int sh;
    private final int sw;
    private final int pt;
    private final int pl;
    private final int oh;
    private final int ow;
    private int act;
    private int weightBits;
    private int[] wz;        // integer weights minus their zero point, [out][rest]
    private float[] wf;      // the real weights, [out][rest]
    private float[] channelScale;
    private int biasKind = BIAS_NONE;
    private int[] biasInt;
    private float[] biasF;
    private Requant out;
    private Requant in;
    private long[] m0;
    private int[] shift;

    private DqLayer(int kind, String name, int nOut, int nIn, int kh, int kw, int sh, int sw, int pt, int pl, int oh, int ow) {
        this.kind = kind;
        this.name = name;
        this.nOut = nOut;
        this.nIn = nIn;
        this.kh = kh;
        this.kw = kw;
        this.sh = sh;
        this.sw = sw;
        this.pt = pt;
        this.pl = pl;
        this.oh = oh;
        this.ow = ow;
    }

    static DqLayer conv(String name, DataInputStream d, Requant in) throws IOException {
        int[] v = new int[10];
        for (int i = 0; i < v.length; i++) {
            v[i] = d.readInt();
        }
        DqLayer l = new DqLayer(CONV, name, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
        l.readBody(d, in, v[1] * v[2] * v[3]);
        return l;
    }

    static DqLayer dense(String name, DataInputStream d, Requant in) throws IOException {
        int nOut = d.readInt();
        int nIn = d.readInt();
        DqLayer l = new DqLayer(DENSE, name, nOut, nIn, 1, 1, 1, 1, 0, 0, 1, 1);
        l.readBody(d, in, nIn);
        return l;
    }

    static DqLayer pool(String name, int kind, DataInputStream d) throws IOException {
        int[] v = new int[8];
        for (int i = 0; i < v.length; i++) {
            v[i] = d.readInt();
        }
        return new DqLayer(kind, name, 0, 0, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
    }

    private void readBody(DataInputStream d, Requant in, int per) throws IOException {
        this.in = in;
        act = d.readUnsignedByte();
        weightBits = d.readUnsignedByte();
        int n = nOut * per;
        wf = new float[n];
        channelScale = new float[nOut];
        if (weightBits == 0) {
            for (int i = 0; i < n; i++) {
                wf[i] = d.readFloat();
            }
            if (d.readUnsignedByte() == 1) {
                biasKind = BIAS_FLOAT;
                biasF = new float[nOut];
                for (int i = 0; i < nOut; i++) {
                    biasF[i] = d.readFloat();
                }
            }
        } else {
            d.readUnsignedByte(); // scheme, informative
            int groups = d.readInt();
            float[] scales = new float[groups];
            int[] zps = new int[groups];
            for (int g = 0; g < groups; g++) {
                scales[g] = d.readFloat();
            }
            for (int g = 0; g < groups; g++) {
                zps[g] = d.readInt();
            }
            int offset = d.readInt();
            int step = d.readInt();
            int[] values = DqModel.readCodes(d, n, weightBits, offset, step);
            wz = new int[n];
            for (int c = 0; c < nOut; c++) {
                float s = scales[groups == 1 ? 0 : c];
                int z = zps[groups == 1 ? 0 : c];
                channelScale[c] = s;
                for (int i = c * per; i < (c + 1) * per; i++) {
                    wz[i] = values[i] - z;
                    wf[i] = s * wz[i];
                }
            }
            biasKind = d.readUnsignedByte();
            if (biasKind == BIAS_FLOAT) {
                biasF = new float[nOut];
                for (int i = 0; i < nOut; i++) {
                    biasF[i] = d.readFloat();
                }
            } else if (biasKind == BIAS_INT32) {
                biasInt = new int[nOut];
                biasF = new float[nOut];
                for (int i = 0; i < nOut; i++) {
                    biasInt[i] = d.readInt();
                    biasF[i] = (float) (biasInt[i] * (double) channelScale[i] * in.scale());
                }
            }
        }
        int bits = d.readUnsignedByte();
        if (bits > 0) {
            out = new Requant(d.readFloat(), d.readInt(), d.readInt(), d.readInt());
        }
        if (wz != null && in != null && out != null) {
            m0 = new long[nOut];
            shift = new int[nOut];
            for (int c = 0; c < nOut; c++) {
                double m = (double) channelScale[c] * in.scale() / out.scale();
                if (m <= 0) {
                    m0[c] = 0;
                    shift[c] = 1;
                    continue;
                }
                int s = 30 - Math.getExponent(m);
                long q = Math.round(Math.scalb(m, s));
                if (q >= (1L << 31)) {
                    q >>= 1;
                    s--;
                }
                m0[c] = q;
                shift[c] = Math.min(62, Math.max(1, s));
            }
        }
    }

    public int kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    public int weightBits() {
        return weightBits;
    }

    Requant out() {
        return out;
    }

    Activations apply(Activations a) {
        return switch (kind) {
            case CONV, DENSE -> weighted(a);
            default -> pool(a);
        };
    }

    private Activations weighted(Activations a) {
        int outH = kind == CONV ? oh : 1;
        int outW = kind == CONV ? ow : 1;
        int size = nOut * outH * outW;
        boolean integer = a.isInt() && wz != null && biasKind != BIAS_FLOAT && in != null;
        if (integer) {
            int[] x = a.codes();
            int zx = a.q().zeroPoint();
            int[] xz = new int[x.length];
            for (int i = 0; i < x.length; i++) {
                xz[i] = x[i] - zx;
            }
            int[] acc = kind == CONV ? convInt(xz, a.h(), a.w()) : denseInt(xz);
            if (out != null) {
                int[] codes = new int[size];
                int per = outH * outW;
                for (int c = 0; c < nOut; c++) {
                    long mult = m0[c];
                    int s = shift[c];
                    long round = 1L << (s - 1);
                    for (int i = c * per; i < (c + 1) * per; i++) {
                        long v = act == ACT_RELU && acc[i] < 0 ? 0 : acc[i];
                        long q = ((v * mult + round) >> s) + out.zeroPoint();
                        codes[i] = (int) Math.max(out.qmin(), Math.min(out.qmax(), q));
                    }
                }
                return Activations.ints(codes, out, nOut, outH, outW);
            }
            float[] y = new float[size];
            int per = outH * outW;
            for (int c = 0; c < nOut; c++) {
                double s = (double) channelScale[c] * in.scale();
                for (int i = c * per; i < (c + 1) * per; i++) {
                    y[i] = (float) (acc[i] * s);
                }
            }
            return Activations.floats(DqModel.finish(y, act), nOut, outH, outW);
        }
        float[] x = a.toFloat();
        float[] y = kind == CONV ? convFloat(x, a.h(), a.w()) : denseFloat(x);
        DqModel.finish(y, act);
        if (out != null) {
            int[] codes = new int[size];
            for (int i = 0; i < size; i++) {
                codes[i] = out.quantize(y[i]);
            }
            return Activations.ints(codes, out, nOut, outH, outW);
        }
        return Activations.floats(y, nOut, outH, outW);
    }

    private int[] denseInt(int[] x) {
        int[] acc = new int[nOut];
        for (int o = 0; o < nOut; o++) {
            int sum = biasInt == null ? 0 : biasInt[o];
            int base = o * nIn;
            for (int i = 0; i < nIn; i++) {
                sum += wz[base + i] * x[i];
            }
            acc[o] = sum;
        }
        return acc;
    }

    /**
     * Convolution as dot products: the input's patches are gathered once ({@code im2col}, padding as
     * zero offsets), then every output is a contiguous int dot product over {@code nIn·kH·kW}, which
     * the JIT vectorizes.
     */
    private int[] convInt(int[] x, int h, int w) {
        int per = nIn * kh * kw;
        int positions = oh * ow;
        int[] cols = new int[positions * per];
        for (int y = 0; y < oh; y++) {
            for (int xo = 0; xo < ow; xo++) {
                int base = (y * ow + xo) * per;
                for (int c = 0; c < nIn; c++) {
                    for (int ky = 0; ky < kh; ky++) {
                        int iy = y * sh - pt + ky;
                        int k = base + (c * kh + ky) * kw;
                        if (iy < 0 || iy >= h) {
                            continue; // stays 0: padding is the real value 0
                        }
                        int row = (c * h + iy) * w;
                        for (int kx = 0; kx < kw; kx++) {
                            int ix = xo * sw - pl + kx;
                            if (ix >= 0 && ix < w) {
                                cols[k + kx] = x[row + ix];
                            }
                        }
                    }
                }
            }
        }
        int[] acc = new int[nOut * positions];
        for (int o = 0; o < nOut; o++) {
            int wBase = o * per;
            int b = biasInt == null ? 0 : biasInt[o];
            for (int p = 0; p < positions; p++) {
                int cBase = p * per;
                int sum = 0;
                for (int k = 0; k < per; k++) {
                    sum += wz[wBase + k] * cols[cBase + k];
                }
                acc[o * positions + p] = sum + b;
            }
        }
        return acc;
    }

    private float[] denseFloat(float[] x) {
        float[] y = new float[nOut];
        for (int o = 0; o < nOut; o++) {
            float sum = biasF == null ? 0 : biasF[o];
            int base = o * nIn;
            for (int i = 0; i < nIn; i++) {
                sum += wf[base + i] * x[i];
            }
            y[o] = sum;
        }
        return y;
    }

    private float[] convFloat(float[] x, int h, int w) {
        float[] y = new float[nOut * oh * ow];
        int per = nIn * kh * kw;
        for (int o = 0; o < nOut; o++) {
            for (int yy = 0; yy < oh; yy++) {
                for (int xo = 0; xo < ow; xo++) {
                    float sum = biasF == null ? 0 : biasF[o];
                    for (int c = 0; c < nIn; c++) {
                        for (int ky = 0; ky < kh; ky++) {
                            int iy = yy * sh - pt + ky;
                            if (iy < 0 || iy >= h) {
                                continue;
                            }
                            for (int kx = 0; kx < kw; kx++) {
                                int ix = xo * sw - pl + kx;
                                if (ix >= 0 && ix < w) {
                                    sum += wf[o * per + (c * kh + ky) * kw + kx] * x[(c * h + iy) * w + ix];
                                }
                            }
                        }
                    }
                    y[(o * oh + yy) * ow + xo] = sum;
                }
            }
        }
        return y;
    }

    private Activations pool(Activations a) {
        int c = a.c();
        int h = a.h();
        int w = a.w();
        boolean max = kind == MAXPOOL;
        if (a.isInt()) {
            int[] x = a.codes();
            int[] y = new int[c * oh * ow];
            for (int ch = 0; ch < c; ch++) {
                for (int yy = 0; yy < oh; yy++) {
                    for (int xo = 0; xo < ow; xo++) {
                        int best = Integer.MIN_VALUE;
                        long sum = 0;
                        int count = 0;
                        for (int ky = 0; ky < kh; ky++) {
                            int iy = yy * sh - pt + ky;
                            for (int kx = 0; kx < kw; kx++) {
                                int ix = xo * sw - pl + kx;
                                if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                    int v = x[(ch * h + iy) * w + ix];
                                    best = Math.max(best, v);
                                    sum += v;
                                    count++;
                                }
                            }
                        }
                        y[(ch * oh + yy) * ow + xo] = max ? best : (int) Math.round((double) sum / count);
                    }
                }
            }
            return Activations.ints(y, a.q(), c, oh, ow);
        }
        float[] x = a.values();
        float[] y = new float[c * oh * ow];
        for (int ch = 0; ch < c; ch++) {
            for (int yy = 0; yy < oh; yy++) {
                for (int xo = 0; xo < ow; xo++) {
                    float best = Float.NEGATIVE_INFINITY;
                    double sum = 0;
                    int count = 0;
                    for (int ky = 0; ky < kh; ky++) {
                        int iy = yy * sh - pt + ky;
                        for (int kx = 0; kx < kw; kx++) {
                            int ix = xo * sw - pl + kx;
                            if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                float v = x[(ch * h + iy) * w + ix];
                                best = Math.max(best, v);
                                sum += v;
                                count++;
                            }
                        }
                    }
                    y[(ch * oh + yy) * ow + xo] = max ? best : (float) (sum / count);
                }
            }
        }
        return Activations.floats(y, c, oh, ow);
    }
}
