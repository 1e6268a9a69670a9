package org.distill4j.policies;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.gradient.Gradient;
import org.nd4j.linalg.dataset.api.DataSet;

/**
 * A {@link PolicyContext} over one model, outside any training loop: the test sets the epoch and
 * reads back the masks, the learning rate and the reports.
 */
public final class RecordingContext implements PolicyContext {
    private final Model model;
    private final ModelParameters parameters;
    private final ParameterMasks masks = new ParameterMasks();
    private final Map<String, Double> reports = new LinkedHashMap<>();
    private final double initialLearningRate;
    private double learningRate;
    private int epoch;

    public RecordingContext(Model model, double initialLearningRate) {
        this.model = model;
        this.parameters = ModelParameters.of(model);
        this.initialLearningRate = initialLearningRate;
        this.learningRate = initialLearningRate;
    }

    public RecordingContext(Model model) {
        this(model, 0.1);
    }

    public RecordingContext atEpoch(int epoch) {
        this.epoch = epoch;
        return this;
    }

    public Map<String, Double> reports() {
        return reports;
    }

    @Override
    public int epoch() {
        return epoch;
    }

    @Override
    public int minibatch() {
        return -1;
    }

    @Override
    public int minibatchesPerEpoch() {
        return -1;
    }

    @Override
    public Model model() {
        return model;
    }

    @Override
    public void replaceModel(Model newModel) {
        throw new UnsupportedOperationException("the recording context keeps one model");
    }

    @Override
    public ModelParameters parameters() {
        return parameters;
    }

    @Override
    public ParameterMasks masks() {
        return masks;
    }

    @Override
    public DataSet batch() {
        throw new IllegalStateException("no batch outside a training loop");
    }

    @Override
    public Gradient gradient() {
        throw new IllegalStateException("no gradient outside a training loop");
    }

    @Override
    public double loss() {
        throw new IllegalStateException("no loss outside a training loop");
    }

    @Override
    public Map<String, Double> epochMetrics() {
        throw new IllegalStateException("no metrics outside a training loop");
    }

    @Override
    public double initialLearningRate() {
        return initialLearningRate;
    }

    @Override
    public double learningRate() {
        return learningRate;
    }

    @Override
    public void setLearningRate(double learningRate) {
        this.learningRate = learningRate;
    }

    @Override
    public void report(String key, double value) {
        reports.put(key, value);
    }
}
