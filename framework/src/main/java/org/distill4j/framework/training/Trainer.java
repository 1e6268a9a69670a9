package org.distill4j.framework.training;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.distill4j.framework.models.ModelSummary;
import org.distill4j.schedulers.CompressionScheduler;
import org.distill4j.schedulers.LearningRateControl;
import org.distill4j.schedulers.SchedulerTrainingListener;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The training loop: per epoch, the scheduler's epoch hooks around one pass of {@code net.fit}
 * over shuffled minibatches, then validation. Gradient masking and minibatch-end hooks run
 * inside {@code fit} through a {@link SchedulerTrainingListener}.
 */
public final class Trainer {
    private final int epochs;
    private final Evaluator evaluator;
    private final EpochProgress progress;

    public Trainer(int epochs, int evalBatchSize, EpochProgress progress) {
        this.epochs = epochs;
        this.evaluator = new Evaluator(evalBatchSize);
        this.progress = progress;
        ShapeInfoCache.install();
    }

    /**
     * One training step: the scheduler's minibatch-begin hooks, then {@code fit}, during which the
     * attached {@link SchedulerTrainingListener} masks gradients and runs the minibatch-end hooks.
     * Returns the minibatch loss.
     */
    public static double step(MultiLayerNetwork net, CompressionScheduler scheduler, DataSet batch) {
        return step(net, scheduler, batch, null);
    }

    /**
     * As {@link #step(MultiLayerNetwork, CompressionScheduler, DataSet)}, telling policies which
     * training examples the batch holds ({@code null}: unknown).
     */
    public static double step(MultiLayerNetwork net, CompressionScheduler scheduler, DataSet batch,
                              int[] exampleIndices) {
        scheduler.onMinibatchBegin(batch, exampleIndices);
        net.fit(batch);
        return net.score();
    }

    /**
     * Trains {@code net} for the configured epochs. A policy may replace the network on the way:
     * the trained one is {@code scheduler.model()} afterwards.
     *
     * @param prunedLayers layers whose weight sparsity is reported; empty for all layers
     * @param onEpoch      receives each epoch's metrics as soon as they are known
     */
    public List<EpochMetrics> train(MultiLayerNetwork net, CompressionScheduler scheduler, TrainingData data,
                                    Collection<String> prunedLayers, Consumer<EpochMetrics> onEpoch) {
        return train(net, scheduler, data, prunedLayers, 0, onEpoch);
    }

    /**
     * Trains from {@code firstEpoch} on (a resumed run: the network, masks and policy states
     * already restored to the end of the epoch before).
     */
    public List<EpochMetrics> train(MultiLayerNetwork net, CompressionScheduler scheduler, TrainingData data,
                                    Collection<String> prunedLayers, int firstEpoch, Consumer<EpochMetrics> onEpoch) {
        if (!scheduler.isAttached()) {
            scheduler.attach(net, LearningRateControl.of(net));
        }
        SchedulerTrainingListener listener = new SchedulerTrainingListener(scheduler, false);
        List<EpochMetrics> history = new ArrayList<>();
        for (int epoch = firstEpoch; epoch < epochs; epoch++) {
            long start = System.nanoTime();
            List<DataSet> batches = data.epochBatches(epoch);
            scheduler.onEpochBegin(epoch, batches.size());
            // a policy may have replaced the network (thinning, factorization) in onEpochBegin
            MultiLayerNetwork model = (MultiLayerNetwork) scheduler.model();
            model.setListeners(listener);
            double epochLr = LearningRateControl.of(model).get();
            progress.start(epoch, epochs, batches.size());
            double lossSum = 0;
            for (int i = 0; i < batches.size(); i++) {
                double loss = step(model, scheduler, batches.get(i), data.exampleIndices(i).orElse(null));
                if (!Double.isFinite(loss)) {
                    throw new TrainingDivergedException("the training loss became " + loss + " in epoch " + epoch
                            + ", minibatch " + i + " (iteration " + model.getIterationCount() + "); lower the learning rate");
                }
                lossSum += loss;
                progress.step(loss);
            }
            progress.end();
            model.setListeners();
            if (!Double.isFinite(model.params().sumNumber().doubleValue())) {
                throw new TrainingDivergedException("a parameter became NaN or infinite in epoch " + epoch
                        + " (iteration " + model.getIterationCount() + "); lower the learning rate");
            }
            Evaluation validation = evaluator.evaluate(model, data.validationFeatures(), data.validationLabels());
            Map<String, Double> values = new LinkedHashMap<>();
            values.put("epoch", (double) epoch);
            values.put("lr", epochLr);
            values.put("train_loss", lossSum / batches.size());
            values.put("val_top1", validation.top1());
            values.put("val_loss", validation.loss());
            values.put("weight_sparsity", ModelSummary.of(model).weightSparsity(prunedLayers));
            values.put("seconds", (System.nanoTime() - start) / 1e9);
            ResidentMemory.current().ifPresent(rss -> values.put("rss_mb", rss));
            ResidentMemory.peak().ifPresent(peak -> values.put("peak_rss_mb", peak));
            scheduler.onEpochEnd(values);
            values.putAll(scheduler.epochReports());
            EpochMetrics metrics = new EpochMetrics(epoch, values);
            history.add(metrics);
            onEpoch.accept(metrics);
        }
        return history;
    }
}
