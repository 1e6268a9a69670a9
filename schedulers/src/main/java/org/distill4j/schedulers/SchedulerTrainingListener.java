package org.distill4j.schedulers;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Connects a {@link CompressionScheduler} to DL4J's fit loop.
 *
 * <p>DL4J calls {@code onGradientCalculation} with the raw gradients before the updater runs, and
 * {@code iterationDone} after the parameters are updated: these become
 * {@link CompressionScheduler#beforeOptimizerStep} and {@link CompressionScheduler#onMinibatchEnd}.
 * When the listener also drives epochs (a user's own loop calling {@code fit(iterator)}), it
 * attaches the scheduler on the first event, turns {@code onEpochStart}/{@code onEpochEnd} into
 * epoch hooks, and calls {@code onMinibatchBegin} from {@code onForwardPass} — the first event
 * DL4J raises for a minibatch, after the forward pass; the batch itself is not available there.
 */
public final class SchedulerTrainingListener extends BaseTrainingListener {
    private final CompressionScheduler scheduler;
    private final boolean drivesEpochs;

    /**
     * @param drivesEpochs true when no distill4j loop calls the epoch and minibatch-begin hooks
     */
    public SchedulerTrainingListener(CompressionScheduler scheduler, boolean drivesEpochs) {
        this.scheduler = scheduler;
        this.drivesEpochs = drivesEpochs;
    }

    @Override
    public void onEpochStart(Model model) {
        if (drivesEpochs && !attachIfNeeded(model)) {
            scheduler.onEpochBegin(epochCount(model), -1);
        }
    }

    @Override
    public void onEpochEnd(Model model) {
        if (drivesEpochs) {
            scheduler.onEpochEnd(Map.of());
        }
    }

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
        minibatchBegins(model);
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        minibatchBegins(model);
    }

    @Override
    public void onGradientCalculation(Model model) {
        scheduler.beforeOptimizerStep(model.gradient());
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        scheduler.onMinibatchEnd(model.score());
    }

    private void minibatchBegins(Model model) {
        if (drivesEpochs) {
            attachIfNeeded(model);
            scheduler.onMinibatchBegin(null);
        }
    }

    /** Attaches on the first event and begins its epoch; true if it did so. */
    private boolean attachIfNeeded(Model model) {
        if (scheduler.isAttached()) {
            return false;
        }
        scheduler.attach(model, LearningRateControl.of(model));
        scheduler.onEpochBegin(epochCount(model), -1);
        return true;
    }

    private static int epochCount(Model model) {
        if (model instanceof MultiLayerNetwork net) {
            return net.getEpochCount();
        }
        if (model instanceof ComputationGraph graph) {
            return graph.getConfiguration().getEpochCount();
        }
        return 0;
    }
}
