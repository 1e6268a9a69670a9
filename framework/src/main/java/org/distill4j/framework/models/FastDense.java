package org.distill4j.framework.models;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * DL4J's dense layer without its second forward product: the runtime layer of {@link FastDenseLayer}.
 *
 * <p>DL4J M2.1's {@code BaseLayer.backpropGradient} recomputes the pre-activations {@code z = x·W + b}
 * (a whole forward GEMM) because the activation function overwrote them in place during the forward
 * pass. This layer copies {@code z} of a training forward pass into a buffer it keeps, and its backward
 * pass for the same input starts from that copy: three GEMMs per step instead of four. Everything else
 * — the gradients, the input gradient, weight noise (fake quantization) — is computed as DL4J does;
 * with dropout, layer norm, masks or a non-float network it runs DL4J's own code.
 *
 * <p>Not thread-safe (no DL4J layer is): one network per thread.
 */
public class FastDense extends DenseLayer {
    /** Holds the last training pass's pre-activations; grows for a larger minibatch, never shrinks. */
    private INDArray preActivationStore;
    /** The input whose pre-activations the store holds; null if none. */
    private INDArray cachedInput;

    public FastDense(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private boolean fast() {
        return dataType == DataType.FLOAT && !hasLayerNorm() && layerConf().getIDropout() == null && maskArray == null;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        cachedInput = null;
        if (!training || !fast()) {
            return super.activate(training, workspaceMgr);
        }
        INDArray z = preOutput(true, workspaceMgr);
        INDArray kept = preActivations(z.size(0), z.size(1));
        kept.assign(z);
        cachedInput = input;
        return layerConf().getActivationFn().getActivation(z, true);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!fast() || cachedInput == null || cachedInput != input) {
            cachedInput = null;
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        cachedInput = null;
        assertInputSet(true);
        INDArray z = preActivations(input.size(0), layerConf().getNOut());
        INDArray delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();

        Gradient gradient = new DefaultGradient();
        if (hasBias()) {
            INDArray biasGrad = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
            delta.sum(biasGrad, 0);
            gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGrad);
        }
        INDArray weights = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        INDArray epsilonNext = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, delta.dataType(),
                new long[] {weights.size(0), delta.size(0)}, 'f');
        epsilonNext = weights.mmuli(delta.transpose(), epsilonNext).transpose();

        INDArray weightGrad = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        Nd4j.gemm(input.castTo(weightGrad.dataType()), delta, weightGrad, true, false, 1.0, 0.0);
        gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGrad);

        weightNoiseParams.clear();
        return new Pair<>(gradient, epsilonNext);
    }

    /** The store as a {@code [rows, columns]} 'c' matrix (a view of its first rows·columns entries). */
    private INDArray preActivations(long rows, long columns) {
        long n = rows * columns;
        if (preActivationStore == null || preActivationStore.length() < n) {
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                preActivationStore = Nd4j.createUninitializedDetached(DataType.FLOAT, n);
            }
        }
        INDArray flat = preActivationStore.length() == n ? preActivationStore
                : preActivationStore.get(NDArrayIndex.interval(0, n));
        return flat.reshape('c', rows, columns);
    }

    @Override
    public void clear() {
        super.clear();
        cachedInput = null;
    }
}
