package org.distill4j.framework.training;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** What the training loop needs from a dataset: shuffled minibatches per epoch and a validation set. */
public interface TrainingData {

    /** The minibatches of one epoch, shuffled deterministically from the seed and the epoch number. */
    List<DataSet> epochBatches(int epoch);

    INDArray validationFeatures();

    int[] validationLabels();
}
