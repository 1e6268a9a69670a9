package org.distill4j.policies.surgery;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The optimizer state of a network, per parameter ({@code fc1.W} → its momentum, or Adam's m and
 * v), so that it can be carried into a rebuilt network.
 *
 * <p>DL4J keeps the state of consecutive parameters with equal updater settings in one
 * {@link UpdaterBlock}. Every built-in updater (and distill4j's {@code SgdMomentum}) lays a
 * block's state out as {@code c} consecutive chunks, each as long as the block's parameters
 * (Nesterov: velocity; Adam: m then v; c = state length / parameter count). A parameter's state is
 * therefore its slice of each chunk, and is read and written as a {@code [c, length]} array.
 */
public final class UpdaterStates {
    private UpdaterStates() {
    }

    /**
     * Copies of the state of every parameter with updater state, keyed {@code <layer>.<key>}
     * (layer names as in {@link org.distill4j.policies.ModelParameters}). Empty when the network
     * has no updater yet (never trained) or a stateless one (plain SGD).
     */
    public static Map<String, INDArray> read(MultiLayerNetwork net) {
        Map<String, INDArray> states = new LinkedHashMap<>();
        Updater updater = net.getUpdater(false);
        if (!(updater instanceof BaseMultiLayerUpdater<?> multi)) {
            return states;
        }
        for (UpdaterBlock block : multi.getUpdaterBlocks()) {
            INDArray view = block.getUpdaterView();
            long n = block.getParamOffsetEnd() - block.getParamOffsetStart();
            if (view == null || view.length() == 0 || n == 0) {
                continue;
            }
            int chunks = chunks(view, n);
            for (UpdaterBlock.ParamState p : block.getLayersAndVariablesInBlock()) {
                long from = p.getParamOffsetStart() - block.getParamOffsetStart();
                long length = p.getParamOffsetEnd() - p.getParamOffsetStart();
                INDArray state = Nd4j.create(view.dataType(), chunks, length);
                for (int c = 0; c < chunks; c++) {
                    state.getRow(c).assign(slice(view, c * n + from, length));
                }
                states.put(name(net, p) + "." + p.getParamName(), state);
            }
        }
        return states;
    }

    /**
     * Writes saved states into {@code net}'s updater for every parameter of {@code net} that
     * {@code states} holds under the name {@code rename} gives it (identity for most); the others
     * keep their (fresh) state. Creates the updater when the network has none yet. Returns how
     * many parameters received a state.
     *
     * @throws IllegalArgumentException when a state's chunk count or length does not fit (a
     *                                  different updater type, or a parameter whose shape changed)
     */
    public static int write(MultiLayerNetwork net, Map<String, INDArray> states, java.util.function.UnaryOperator<String> rename) {
        if (states.isEmpty()) {
            return 0;
        }
        Updater updater = net.getUpdater(true);
        if (!(updater instanceof BaseMultiLayerUpdater<?> multi)) {
            throw new IllegalArgumentException("unsupported updater " + updater.getClass().getName());
        }
        int written = 0;
        for (UpdaterBlock block : multi.getUpdaterBlocks()) {
            INDArray view = block.getUpdaterView();
            long n = block.getParamOffsetEnd() - block.getParamOffsetStart();
            if (view == null || view.length() == 0 || n == 0) {
                continue;
            }
            int chunks = chunks(view, n);
            for (UpdaterBlock.ParamState p : block.getLayersAndVariablesInBlock()) {
                String name = rename.apply(name(net, p) + "." + p.getParamName());
                INDArray state = name == null ? null : states.get(name);
                if (state == null) {
                    continue;
                }
                long from = p.getParamOffsetStart() - block.getParamOffsetStart();
                long length = p.getParamOffsetEnd() - p.getParamOffsetStart();
                if (state.rows() != chunks || state.columns() != length) {
                    throw new IllegalArgumentException("updater state of " + name + " is " + state.rows() + "x"
                            + state.columns() + ", the rebuilt network needs " + chunks + "x" + length);
                }
                for (int c = 0; c < chunks; c++) {
                    slice(view, c * n + from, length).assign(state.getRow(c));
                }
                written++;
            }
        }
        return written;
    }

    private static int chunks(INDArray view, long n) {
        if (view.length() % n != 0) {
            throw new IllegalStateException("updater state of length " + view.length()
                    + " is not a whole number of chunks of " + n + " parameters");
        }
        return (int) (view.length() / n);
    }

    /** A view of {@code length} elements of a state view (a row vector) from {@code from}. */
    private static INDArray slice(INDArray view, long from, long length) {
        if (view.rank() == 1) {
            return view.get(NDArrayIndex.interval(from, from + length));
        }
        if (view.rank() == 2 && view.rows() == 1) {
            return view.get(NDArrayIndex.point(0), NDArrayIndex.interval(from, from + length));
        }
        throw new IllegalStateException("unexpected updater view shape " + java.util.Arrays.toString(view.shape()));
    }

    private static String name(MultiLayerNetwork net, UpdaterBlock.ParamState p) {
        org.deeplearning4j.nn.api.Layer layer = (org.deeplearning4j.nn.api.Layer) p.getLayer();
        String name = layer.conf().getLayer().getLayerName();
        return name != null ? name : String.valueOf(layer.getIndex());
    }
}
