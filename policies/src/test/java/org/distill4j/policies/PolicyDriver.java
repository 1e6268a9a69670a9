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
 * {@code onEpochEnd}. A policy is active in every epoch the test drives unless {@link #activeIn} says otherwise.
 */
public final class PolicyDriver implements PolicyContext {
    private final MultiLayerNetwork net;
    private final ModelParameters parameters;
    private final List<Policy> policies;
    private final ParameterMasks masks = new ParameterMasks();
    private final Map<Policy, java.util.Set<Integer>> activeEpochs = new java.util.IdentityHashMap<>();
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
                active().forEach(p -> p.beforeOptimizerStep(PolicyDriver.this));
                masks.applyToGradients(parameters, gradient);
                gradient = null;
            }

            @Override
            public void iterationDone(Model model, int iteration, int epochCount) {
                masks.applyToParameters(parameters);
                active().forEach(p -> p.onMinibatchEnd(PolicyDriver.this));
            }
        });
    }

    /** Makes {@code policy} active only in {@code epochs} (by default a policy is active in every epoch). */
    public PolicyDriver activeIn(Policy policy, Integer... epochs) {
        activeEpochs.put(policy, java.util.Set.of(epochs));
        return this;
    }

    private List<Policy> active() {
        return policies.stream().filter(p -> !activeEpochs.containsKey(p) || activeEpochs.get(p).contains(epoch)).toList();
    }

    /** Calls every policy's {@code attach}. */
    public PolicyDriver attach() {
        policies.forEach(p -> p.attach(this));
        return this;
    }

    public void beginEpoch(int e) {
        epoch = e;
        active().forEach(p -> p.onEpochBegin(this));
        masks.applyToParameters(parameters);
    }

    /** One optimizer step on {@code data}. */
    public void step(DataSet data) {
        batch = data;
        active().forEach(p -> p.onMinibatchBegin(this));
        net.fit(data);
        batch = null;
    }

    public void endEpoch() {
        active().forEach(p -> p.onEpochEnd(this));
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
