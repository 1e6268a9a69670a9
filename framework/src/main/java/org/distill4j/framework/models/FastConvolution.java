package org.distill4j.framework.models;

import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * DL4J's 2-d convolution computed by a leaner im2col + GEMM: the runtime layer of
 * {@link FastConvolutionLayer}. Same parameters, same layout, same results (within float
 * rounding) as {@link ConvolutionLayer}, which it extends and falls back to for what it does not
 * cover (see {@link FastConvolutionLayer#supports}).
 *
 * <p>Why it is faster, measured on LeNet-5 (see the README's benchmark): DL4J M2.1 builds its
 * im2col matrix with libnd4j's {@code im2col} into a 6-d permuted array (40× slower here than
 * {@link Im2Col}'s contiguous runs), recomputes the whole forward convolution during backprop
 * (its cache needs {@code CacheMode} plus a workspace), and allocates the column and input-gradient
 * patch matrices on every call. This layer
 * <ul>
 *   <li>builds the columns in plain Java in the order {@code [C·KH·KW, B·OH·OW]}, so the forward
 *       GEMM, the weight-gradient GEMM and the input-gradient GEMM all read or write it without a
 *       transpose copy;</li>
 *   <li>keeps the columns and the pre-activations of a training forward pass for the backward pass
 *       of the same input (they are recomputed when backprop sees another input);</li>
 *   <li>reuses its buffers across minibatches: one column buffer (which also holds the
 *       input-gradient columns in the backward pass), two pre-activation buffers (NHWC for the GEMMs,
 *       NCHW for the activation's backprop, which libnd4j runs ~10× slower on mixed layouts), and two
 *       heap arrays;
 *       they grow only for a larger minibatch.</li>
 * </ul>
 * The oneDNN helper DL4J would otherwise use cannot engage in M2.1: the {@code linux-x86_64} binary
 * has no oneDNN, and {@code BaseMKLDNNHelper} looks for {@code org.nd4j.nativeblas.Nd4jCpu}, a class
 * that moved, so it always reports disabled. libnd4j's own {@code conv2d}/{@code conv2d_bp} ops
 * measured 4–8× slower than this layer.
 *
 * <p>Not thread-safe (no DL4J layer is): one network per thread.
 */
public class FastConvolution extends ConvolutionLayer {
    private float[] image = new float[0];
    private float[] columns = new float[0];
    private INDArray columnStore;
    private INDArray preActivationStore;
    /** The same pre-activations in NCHW order, for the activation's backprop (which is slow on mixed layouts). */
    private INDArray nchwPreActivationStore;
    /** The input whose columns and pre-activations the stores hold, from a training pass; null if none. */
    private INDArray cachedInput;
    private Im2Col.Geometry cachedGeometry;

    public FastConvolution(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private boolean fast() {
        return FastConvolutionLayer.supports(layerConf()) && dataType == DataType.FLOAT;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!fast()) {
            return super.activate(training, workspaceMgr);
        }
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        validateInputRank();
        INDArray weights = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        INDArray bias = layerConf().hasBias()
                ? getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, training, workspaceMgr) : null;
        validateInputDepth(weights.size(1));
        Im2Col.Geometry g = forward(weights, bias);
        cachedInput = training ? input : null;
        cachedGeometry = g;
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT,
                new long[] {g.b(), weights.size(0), g.oh(), g.ow()}, 'c');
        out.assign(nchwView(preActivations(g, weights.size(0)), g));
        if (training) {
            nchwPreActivations(g, weights.size(0)).assign(out);
        }
        return layerConf().getActivationFn().getActivation(out, training);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!fast()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        assertInputSet(true);
        INDArray weights = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        INDArray bias = layerConf().hasBias()
                ? getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, true, workspaceMgr) : null;
        long nOut = weights.size(0);
        Im2Col.Geometry g;
        INDArray z2d;
        INDArray z;
        if (cachedInput == input && cachedGeometry != null) {
            g = cachedGeometry;
            z2d = preActivations(g, nOut);
            z = nchwPreActivations(g, nOut);
        } else {
            g = forward(weights, bias);
            z2d = preActivations(g, nOut);
            z = nchwPreActivations(g, nOut).assign(nchwView(z2d, g));
        }
        cachedInput = null;

        // dL/dz in NCHW like epsilon, then written over the pre-activations ([B·OH·OW, nOut], i.e. NHWC)
        INDArray delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();
        nchwView(z2d, g).assign(delta);

        INDArray columnMatrix = columnMatrix(g); // [M, K], 'f'
        INDArray weightGrad = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
        INDArray weightGrad2d = Shape.newShapeNoCopy(weightGrad, new long[] {nOut, g.rows()}, false);
        Nd4j.gemm(z2d, columnMatrix, weightGrad2d, true, false, 1.0, 0.0);
        Gradient gradient = new DefaultGradient();
        if (layerConf().hasBias()) {
            INDArray biasGrad = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
            z2d.sum(biasGrad, 0);
            gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGrad);
        }
        gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGrad, 'c');

        // input gradient: columns = dL/dz · W (into the column store), then col2im
        INDArray w2d = Shape.newShapeNoCopy(weights, new long[] {nOut, g.rows()}, false);
        Nd4j.gemm(z2d, w2d, columnMatrix, false, false, 1.0, 0.0);
        int n = (int) (g.rows() * g.positions());
        int imageLength = g.b() * g.c() * g.h() * g.w();
        new FloatPointer(columnStore.data().addressPointer()).get(columns, 0, n);
        Im2Col.col2im(columns, image, g);
        INDArray epsilonOut = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT,
                new long[] {g.b(), g.c(), g.h(), g.w()}, 'c');
        write(image, imageLength, epsilonOut);

        weightNoiseParams.clear();
        epsilonOut = backpropDropOutIfPresent(epsilonOut);
        return new Pair<>(gradient, epsilonOut);
    }

    /** im2col of the current input into the column store, then the pre-activations into their store. */
    private Im2Col.Geometry forward(INDArray weights, INDArray bias) {
        INDArray x = input.castTo(DataType.FLOAT);
        Im2Col.Geometry g = geometry(x, weights);
        long nOut = weights.size(0);
        ensureCapacity(g, nOut);
        read(x, image);
        Im2Col.im2col(image, columns, g);
        int n = (int) (g.rows() * g.positions());
        new FloatPointer(columnStore.data().addressPointer()).put(columns, 0, n);
        INDArray z2d = preActivations(g, nOut);
        INDArray w2d = Shape.newShapeNoCopy(weights, new long[] {nOut, g.rows()}, false);
        Nd4j.gemm(columnMatrix(g), w2d, z2d, false, true, 1.0, 0.0);
        if (bias != null) {
            z2d.addiRowVector(bias);
        }
        return g;
    }

    private Im2Col.Geometry geometry(INDArray x, INDArray weights) {
        int[] kernel = layerConf().getKernelSize();
        int[] strides = layerConf().getStride();
        int[] dilation = layerConf().getDilation();
        int[] pad;
        int[] outSize;
        int inH = (int) x.size(2);
        int inW = (int) x.size(3);
        if (convolutionMode == ConvolutionMode.Same) {
            outSize = ConvolutionUtils.getOutputSize(x, kernel, strides, null, convolutionMode, dilation, CNN2DFormat.NCHW);
            pad = ConvolutionUtils.getSameModeTopLeftPadding(outSize, new int[] {inH, inW}, kernel, strides, dilation);
        } else {
            pad = layerConf().getPadding();
            outSize = ConvolutionUtils.getOutputSize(x, kernel, strides, pad, convolutionMode, dilation, CNN2DFormat.NCHW);
        }
        return new Im2Col.Geometry((int) x.size(0), (int) weights.size(1), inH, inW, kernel[0], kernel[1],
                strides[0], strides[1], pad[0], pad[1], outSize[0], outSize[1]);
    }

    private void ensureCapacity(Im2Col.Geometry g, long nOut) {
        long columnLength = g.rows() * g.positions();
        long imageLength = (long) g.b() * g.c() * g.h() * g.w();
        if (columnLength > Integer.MAX_VALUE - 8 || imageLength > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("minibatch too large for " + getClass().getSimpleName()
                    + ": " + columnLength + " column entries " + layerId());
        }
        if (columns.length < columnLength) {
            columns = new float[(int) columnLength];
        }
        if (image.length < imageLength) {
            image = new float[(int) imageLength];
        }
        long preActivationLength = g.positions() * nOut;
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            if (columnStore == null || columnStore.length() < columnLength) {
                columnStore = Nd4j.createUninitializedDetached(DataType.FLOAT, columnLength);
            }
            if (preActivationStore == null || preActivationStore.length() < preActivationLength) {
                preActivationStore = Nd4j.createUninitializedDetached(DataType.FLOAT, preActivationLength);
                nchwPreActivationStore = Nd4j.createUninitializedDetached(DataType.FLOAT, preActivationLength);
            }
        }
    }

    /** The column store as the im2col matrix {@code [B·OH·OW, C·KH·KW]} ('f' order, a view). */
    private INDArray columnMatrix(Im2Col.Geometry g) {
        long n = g.rows() * g.positions();
        INDArray flat = columnStore.length() == n ? columnStore : columnStore.get(NDArrayIndex.interval(0, n));
        return flat.reshape('c', g.rows(), g.positions()).transpose();
    }

    /** The pre-activation store as {@code [B·OH·OW, nOut]} ('c' order, a view). */
    private INDArray preActivations(Im2Col.Geometry g, long nOut) {
        long n = g.positions() * nOut;
        INDArray flat = preActivationStore.length() == n ? preActivationStore
                : preActivationStore.get(NDArrayIndex.interval(0, n));
        return flat.reshape('c', g.positions(), nOut);
    }

    /** The NCHW pre-activation store as {@code [B, nOut, OH, OW]} ('c' order). */
    private INDArray nchwPreActivations(Im2Col.Geometry g, long nOut) {
        long n = g.positions() * nOut;
        INDArray flat = nchwPreActivationStore.length() == n ? nchwPreActivationStore
                : nchwPreActivationStore.get(NDArrayIndex.interval(0, n));
        return flat.reshape('c', g.b(), nOut, g.oh(), g.ow());
    }

    private static INDArray nchwView(INDArray z2d, Im2Col.Geometry g) {
        return z2d.reshape('c', g.b(), g.oh(), g.ow(), z2d.size(1)).permute(0, 3, 1, 2);
    }

    /** Copies a FLOAT array in c order into {@code target} (a dense copy first if it is not plain c order). */
    private static void read(INDArray x, float[] target) {
        INDArray dense = x.ordering() == 'c' && Shape.hasDefaultStridesForShape(x) ? x : x.dup('c');
        // addressPointer() already points at the view's first element
        new FloatPointer(dense.data().addressPointer()).get(target, 0, (int) dense.length());
    }

    private static void write(float[] source, int length, INDArray target) {
        new FloatPointer(target.data().addressPointer()).put(source, 0, length);
    }

    @Override
    public void clear() {
        super.clear();
        cachedInput = null;
    }

    @Override
    public String toString() {
        return "FastConvolution(" + layerConf().getLayerName() + ", " + Arrays.toString(layerConf().getKernelSize()) + ")";
    }
}
