package org.distill4j.framework.training;

import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** What the training loop needs from a dataset: shuffled minibatches per epoch and a validation set. */
public interface TrainingData {

    /** The minibatches of one epoch, shuffled deterministically from the seed and the epoch number. */
    List<DataSet> epochBatches(int epoch);

    /**
     * The training-set indices of the examples in batch {@code batch} of the epoch last returned by
     * {@link #epochBatches}, when the pipeline is deterministic (an index always stands for the same
     * features); empty otherwise (augmentation) or when unknown. Handed to policies as
     * {@code PolicyContext.batchExampleIndices()}.
     */
    default Optional<int[]> exampleIndices(int batch) {
        return Optional.empty();
    }

    INDArray validationFeatures();

    int[] validationLabels();
}
