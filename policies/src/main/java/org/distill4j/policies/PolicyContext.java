package org.distill4j.policies;

import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.gradient.Gradient;
import org.nd4j.linalg.dataset.api.DataSet;

/**
 * What a policy sees in a hook. One object is passed to every hook; getters that only make sense
 * in some hooks ({@link #gradient()}, {@link #batch()}, {@link #epochMetrics()}) throw an
 * {@link IllegalStateException} naming the hook elsewhere.
 */
public interface PolicyContext {

    /** The current epoch, from 0. */
    int epoch();

    /** The minibatch within the epoch, from 0 (-1 outside minibatch hooks). */
    int minibatch();

    /** Minibatches per epoch, when the loop knows it (else -1). */
    int minibatchesPerEpoch();

    /** The model being trained. */
    Model model();

    /**
     * Replaces the network being trained (thinning, low-rank factorization) from the next minibatch
     * on: {@link #parameters()} then names the new network's parameters. Only in
     * {@link Policy#onEpochBegin} or {@link Policy#onEpochEnd}. The policy that replaces the model
     * carries over what must survive (optimizer state, masks of parameters that still exist); masks
     * of parameters the new network lacks are dropped.
     */
    void replaceModel(Model newModel);

    /** The model's parameters by name ({@code fc1.W}); views, so in-place changes count. */
    ModelParameters parameters();

    /** The masks the scheduler applies every step, for every epoch after they are set. */
    ParameterMasks masks();

    /** The current minibatch (minibatch hooks only). */
    DataSet batch();

    /**
     * The training-set indices of the current minibatch's examples, one per row of
     * {@link #batch()} (minibatch hooks only). Present only when the loop's input pipeline is
     * deterministic: the example with a given index has the same features in every epoch (no
     * augmentation), so a policy may cache per-example results across epochs (a teacher's logits,
     * see {@code KnowledgeDistillationPolicy}). Empty when the loop does not know, e.g. a user's own
     * loop driving the scheduler through its DL4J listener. Do not modify the array.
     */
    default Optional<int[]> batchExampleIndices() {
        return Optional.empty();
    }

    /** This step's raw gradients ({@link Policy#beforeOptimizerStep} only). */
    Gradient gradient();

    /** This step's training loss ({@link Policy#onMinibatchEnd} only). */
    double loss();

    /** The epoch's figures, e.g. {@code train_loss}, {@code val_top1} ({@link Policy#onEpochEnd} only). */
    Map<String, Double> epochMetrics();

    /** The learning rate the recipe's optimizer starts with. */
    double initialLearningRate();

    double learningRate();

    /** Sets the optimizer's learning rate from the next step on. */
    void setLearningRate(double learningRate);

    /**
     * Records a figure for this epoch's row in metrics.csv and results.json, under
     * {@code <instance name>.<key>} (e.g. {@code fc.target_sparsity}).
     */
    void report(String key, double value);
}
