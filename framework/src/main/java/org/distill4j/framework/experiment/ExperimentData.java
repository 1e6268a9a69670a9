package org.distill4j.framework.experiment;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.distill4j.framework.data.DatasetLoader;
import org.distill4j.framework.data.DatasetRequest;
import org.distill4j.framework.data.EpochBatches;
import org.distill4j.framework.data.ImageDataset;
import org.distill4j.framework.data.LoadedData;
import org.distill4j.framework.training.TrainingData;
import org.distill4j.schedulers.recipe.DatasetSpec;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** The recipe's dataset, split into train, validation and test, with its provenance. */
public final class ExperimentData {
    private final LoadedData data;

    private ExperimentData(LoadedData data) {
        this.data = data;
    }

    /** Loads the data a recipe names; downloads only when it is found nowhere locally. */
    public static ExperimentData load(DatasetSpec spec, long seed) {
        DatasetRequest request = DatasetRequest.of(spec.name(), seed)
                .withPath(spec.path().map(p -> Path.of(p.value())).orElse(null))
                .withValidationSize(spec.validationSize())
                .withMaxTrain(spec.maxTrain())
                .withMaxTest(spec.maxTest());
        return new ExperimentData(DatasetLoader.fromEnvironment(true).load(request));
    }

    /** Only the test set of a dataset, for evaluating a saved model. */
    public static ImageDataset loadTestSet(String name, Path path) {
        DatasetRequest request = DatasetRequest.of(name, 0).withPath(path).withValidationSize(0);
        return DatasetLoader.fromEnvironment(true).load(request).test();
    }

    public ImageDataset train() {
        return data.train();
    }

    public ImageDataset validation() {
        return data.validation();
    }

    public ImageDataset test() {
        return data.test();
    }

    /** Where the files came from and their content hashes, for results.json. */
    public Map<String, Object> provenance() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("dataset", data.files().dataset().recipeName());
        p.put("directory", data.files().directory().toString());
        p.put("origin", data.files().origin());
        p.put("train", data.train().size());
        p.put("validation", data.validation().size());
        p.put("test", data.test().size());
        p.put("content_sha256", data.contentSha256());
        return p;
    }

    /**
     * Shuffled training batches for the loop. Each epoch's order comes from the seed and the epoch
     * number alone, so an epoch's batches are the same whether or not earlier epochs ran.
     */
    public TrainingData trainingData(int batchSize, long seed) {
        EpochBatches batches = new EpochBatches(data.train(), batchSize);
        ImageDataset validation = data.validation();
        return new TrainingData() {
            @Override
            public List<DataSet> epochBatches(int epoch) {
                return batches.shuffledBatches(new Random(seed * 1_000_003L + epoch));
            }

            @Override
            public Optional<int[]> exampleIndices(int batch) {
                return Optional.of(batches.shuffledIndices(batch)); // no augmentation: deterministic
            }

            @Override
            public INDArray validationFeatures() {
                return validation.features();
            }

            @Override
            public int[] validationLabels() {
                return validation.labels();
            }
        };
    }
}
