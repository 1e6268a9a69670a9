package org.distill4j.policies;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.dataset.api.DataSet;

/**
 * Drives policies through DL4J's own {@code fit}, making the calls {@code CompressionScheduler}
 * makes (which lives in a module above this one): {@code onEpochBegin} then the masks on the
 * weights; per step {@code onMinibatchBegin}, {@code beforeOptimizerStep} on the raw gradients then
 * the masks on them, the updater, the masks on the weights then {@code onMinibatchEnd};
 * {@code onEpochEnd}. Every policy given is active in every epoch the test drives.
 */
public final class PolicyDriver implements PolicyContext {
    private final MultiLayerNetwork net;
    private final ModelParameters parameters;
    private final List<Policy> policies;
    private final ParameterMasks masks = new ParameterMasks();
    private final Map<String, Double> reports = new LinkedHashMap<>();
    private int epoch;
    private DataSet batch;
    private Gradient gradient;

    public PolicyDriver(MultiLayerNetwork net, Policy... policies) {
        this.net = net;
        this.parameters = ModelParameters.of(net);
        this.policies = List.of(policies);
        net.setListeners(new BaseTrainingListener() {
            @Override
            public void onGradientCalculation(Model model) {
                gradient = model.gradient();
                PolicyDriver.this.policies.forEach(p -> p.beforeOptimizerStep(PolicyDriver.this));
                masks.applyToGradients(parameters, gradient);
                gradient = null;
            }

            @Override
            public void iterationDone(Model model, int iteration, int epochCount) {
                masks.applyToParameters(parameters);
                PolicyDriver.this.policies.forEach(p -> p.onMinibatchEnd(PolicyDriver.this));
            }
        });
    }

    /** Calls every policy's {@code attach}. */
    public PolicyDriver attach() {
        policies.forEach(p -> p.attach(this));
        return this;
    }

    public void beginEpoch(int e) {
        epoch = e;
        policies.forEach(p -> p.onEpochBegin(this));
        masks.applyToParameters(parameters);
    }

    /** One optimizer step on {@code data}. */
    public void step(DataSet data) {
        batch = data;
        policies.forEach(p -> p.onMinibatchBegin(this));
        net.fit(data);
        batch = null;
    }

    public void endEpoch() {
        policies.forEach(p -> p.onEpochEnd(this));
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
        return batch == null ? -1 : 0;
    }

    @Override
    public int minibatchesPerEpoch() {
        return -1;
    }

    @Override
    public Model model() {
        return net;
    }

    @Override
    public void replaceModel(Model newModel) {
        throw new UnsupportedOperationException("the driver keeps one model");
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
        if (batch == null) {
            throw new IllegalStateException("no batch outside a step");
        }
        return batch;
    }

    @Override
    public Gradient gradient() {
        if (gradient == null) {
            throw new IllegalStateException("gradient() only in beforeOptimizerStep");
        }
        return gradient;
    }

    @Override
    public double loss() {
        return net.score();
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
