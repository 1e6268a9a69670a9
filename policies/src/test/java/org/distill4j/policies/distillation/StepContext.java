package org.distill4j.policies.distillation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.gradient.Gradient;
import org.distill4j.policies.ModelParameters;
import org.distill4j.policies.ParameterMasks;
import org.distill4j.policies.PolicyContext;
import org.nd4j.linalg.dataset.api.DataSet;

/** A context for driving a policy's hooks by hand around {@code fit}: the test sets the batch and its example indices. */
final class StepContext implements PolicyContext {
    private final Model model;
    final Map<String, Double> reports = new LinkedHashMap<>();
    int epoch;
    DataSet batch;
    int[] indices;

    StepContext(Model model) {
        this.model = model;
    }

    @Override
    public int epoch() {
        return epoch;
    }

    @Override
    public int minibatch() {
        return batch == null ? -1 : 0;
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
        throw new UnsupportedOperationException();
    }

    @Override
    public ModelParameters parameters() {
        return ModelParameters.of(model);
    }

    @Override
    public ParameterMasks masks() {
        return new ParameterMasks();
    }

    @Override
    public DataSet batch() {
        if (batch == null) {
            throw new IllegalStateException("no batch");
        }
        return batch;
    }

    @Override
    public Optional<int[]> batchExampleIndices() {
        return Optional.ofNullable(indices);
    }

    @Override
    public Gradient gradient() {
        throw new IllegalStateException();
    }

    @Override
    public double loss() {
        throw new IllegalStateException();
    }

    @Override
    public Map<String, Double> epochMetrics() {
        return Map.of();
    }

    @Override
    public double initialLearningRate() {
        return 0.1;
    }

    @Override
    public double learningRate() {
        return 0.1;
    }

    @Override
    public void setLearningRate(double learningRate) {
    }

    @Override
    public void report(String key, double value) {
        reports.put(key, value);
    }
}
