package org.distill4j.schedulers;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.gradient.Gradient;
import org.distill4j.policies.ModelParameters;
import org.distill4j.policies.ParameterMasks;
import org.distill4j.policies.Policy;
import org.distill4j.policies.PolicyContext;
import org.distill4j.policies.ScheduleAware;
import org.nd4j.linalg.dataset.api.DataSet;

/**
 * Calls each policy's hooks in the epochs its schedule names, in recipe order, and keeps the
 * parameter masks in force in every epoch (see {@link ParameterMasks}).
 *
 * <p>A training loop calls {@link #attach} once, then per epoch {@link #onEpochBegin}, per
 * minibatch {@link #onMinibatchBegin}, {@link #beforeOptimizerStep}, {@link #onMinibatchEnd}, and
 * {@link #onEpochEnd}. A DL4J user with a loop of their own attaches {@link #asTrainingListener()}
 * to the network instead, which makes these calls from DL4J's listener events.
 */
public final class CompressionScheduler {
    private final List<ScheduledPolicy> policies;
    private final ParameterMasks masks = new ParameterMasks();
    private final Map<String, Double> reports = new LinkedHashMap<>();
    private final Context context = new Context();
    private final List<Consumer<Model>> modelListeners = new java.util.ArrayList<>();
    private ModelParameters parameters;
    private Model model;
    private LearningRateControl learningRate;
    private double initialLearningRate;

    public CompressionScheduler(List<ScheduledPolicy> policies) {
        this.policies = List.copyOf(policies);
    }

    public List<ScheduledPolicy> policies() {
        return policies;
    }

    public ParameterMasks masks() {
        return masks;
    }

    public boolean isAttached() {
        return model != null;
    }

    /**
     * Binds the scheduler to a model and calls every policy's {@link Policy#attach}; a recipe
     * error (a weight name that matches nothing, say) surfaces here.
     */
    public void attach(Model model, LearningRateControl learningRate) {
        this.model = model;
        this.parameters = ModelParameters.of(model);
        this.learningRate = learningRate;
        this.initialLearningRate = learningRate.get();
        context.epoch = 0;
        tellSchedules();
        for (ScheduledPolicy p : policies) {
            context.current = p;
            p.policy().attach(context);
        }
        context.current = null;
    }

    /** Gives each {@link ScheduleAware} policy the union of the epochs of all entries that schedule it. */
    private void tellSchedules() {
        Map<Policy, SortedSet<Integer>> epochs = new IdentityHashMap<>();
        for (ScheduledPolicy p : policies) {
            if (p.policy() instanceof ScheduleAware) {
                epochs.computeIfAbsent(p.policy(), k -> new TreeSet<>()).addAll(p.schedule().epochs());
            }
        }
        epochs.forEach((policy, active) -> {
            if (!active.isEmpty()) { // a window cut away by --set training.epochs is never run
                ((ScheduleAware) policy).scheduled(Collections.unmodifiableSortedSet(active));
            }
        });
    }

    /**
     * Rebinds to a replaced network (after thinning or factorization) without re-attaching
     * policies; the learning rate in force carries over, masks of vanished parameters are dropped.
     */
    public void replaceModel(Model newModel) {
        double lr = learningRate.get();
        this.model = newModel;
        this.parameters = ModelParameters.of(newModel);
        this.learningRate = LearningRateControl.of(newModel);
        this.learningRate.set(lr);
        for (String name : List.copyOf(masks.asMap().keySet())) {
            if (!parameters.contains(name)) {
                masks.remove(name);
            }
        }
        modelListeners.forEach(l -> l.accept(newModel));
    }

    /** Called with the new network whenever a policy replaces the model (the loop re-binds to it). */
    public void onModelReplaced(Consumer<Model> listener) {
        modelListeners.add(listener);
    }

    /** The network being trained (it changes when a policy replaces it). */
    public Model model() {
        requireAttached();
        return model;
    }

    public void onEpochBegin(int epoch, int minibatchesPerEpoch) {
        requireAttached();
        reports.clear();
        context.epoch = epoch;
        context.minibatch = -1;
        context.minibatchesPerEpoch = minibatchesPerEpoch;
        context.inEpochHook = true;
        forActive(p -> p.onEpochBegin(context));
        context.inEpochHook = false;
        masks.applyToParameters(parameters);
        context.minibatch = 0;
    }

    public void onMinibatchBegin(DataSet batch) {
        onMinibatchBegin(batch, null);
    }

    /**
     * As {@link #onMinibatchBegin(DataSet)}, telling policies which training examples the batch
     * holds (see {@link PolicyContext#batchExampleIndices()}); {@code null} when unknown or when the
     * input pipeline is not deterministic.
     */
    public void onMinibatchBegin(DataSet batch, int[] exampleIndices) {
        context.batch = batch;
        context.exampleIndices = exampleIndices;
        forActive(p -> p.onMinibatchBegin(context));
    }

    /** Between backpropagation and the updater: policies see raw gradients, then masks zero the pruned ones. */
    public void beforeOptimizerStep(Gradient gradient) {
        context.gradient = gradient;
        forActive(p -> p.beforeOptimizerStep(context));
        masks.applyToGradients(parameters, gradient);
        context.gradient = null;
    }

    /** After the optimizer step: masks are re-applied to the weights, then policies run. */
    public void onMinibatchEnd(double loss) {
        masks.applyToParameters(parameters);
        context.loss = loss;
        forActive(p -> p.onMinibatchEnd(context));
        context.batch = null;
        context.exampleIndices = null;
        context.loss = Double.NaN;
        context.minibatch++;
    }

    public void onEpochEnd(Map<String, Double> epochMetrics) {
        context.epochMetrics = Collections.unmodifiableMap(new LinkedHashMap<>(epochMetrics));
        context.minibatch = -1;
        context.inEpochHook = true;
        forActive(p -> p.onEpochEnd(context));
        context.inEpochHook = false;
        context.epochMetrics = null;
    }

    /** Figures the policies reported in the current epoch, keyed {@code instance.key}. */
    public Map<String, Double> epochReports() {
        return Collections.unmodifiableMap(reports);
    }

    public ModelParameters parameters() {
        requireAttached();
        return parameters;
    }

    /** A DL4J listener that drives this scheduler from {@code net.fit(...)} in a user's own loop. */
    public SchedulerTrainingListener asTrainingListener() {
        return new SchedulerTrainingListener(this, true);
    }

    private void forActive(Consumer<Policy> hook) {
        for (ScheduledPolicy p : policies) {
            if (p.schedule().isActive(context.epoch)) {
                context.current = p;
                hook.accept(p.policy());
            }
        }
        context.current = null;
    }

    private void requireAttached() {
        if (model == null) {
            throw new IllegalStateException("the scheduler is not attached to a model: call attach(model, ...) first");
        }
    }

    private final class Context implements PolicyContext {
        ScheduledPolicy current;
        int epoch;
        int minibatch = -1;
        boolean inEpochHook;
        int minibatchesPerEpoch = -1;
        DataSet batch;
        int[] exampleIndices;
        Gradient gradient;
        double loss = Double.NaN;
        Map<String, Double> epochMetrics;

        @Override
        public int epoch() {
            return epoch;
        }

        @Override
        public int minibatch() {
            return minibatch;
        }

        @Override
        public int minibatchesPerEpoch() {
            return minibatchesPerEpoch;
        }

        @Override
        public Model model() {
            return model;
        }

        @Override
        public void replaceModel(Model newModel) {
            if (!inEpochHook) {
                throw new IllegalStateException("replaceModel is only allowed in onEpochBegin or onEpochEnd");
            }
            CompressionScheduler.this.replaceModel(newModel);
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
                throw new IllegalStateException("batch() is only available in onMinibatchBegin/beforeOptimizerStep/onMinibatchEnd");
            }
            return batch;
        }

        @Override
        public java.util.Optional<int[]> batchExampleIndices() {
            return java.util.Optional.ofNullable(batch == null ? null : exampleIndices);
        }

        @Override
        public Gradient gradient() {
            if (gradient == null) {
                throw new IllegalStateException("gradient() is only available in beforeOptimizerStep");
            }
            return gradient;
        }

        @Override
        public double loss() {
            if (Double.isNaN(loss)) {
                throw new IllegalStateException("loss() is only available in onMinibatchEnd");
            }
            return loss;
        }

        @Override
        public Map<String, Double> epochMetrics() {
            if (epochMetrics == null) {
                throw new IllegalStateException("epochMetrics() is only available in onEpochEnd");
            }
            return epochMetrics;
        }

        @Override
        public double initialLearningRate() {
            return initialLearningRate;
        }

        @Override
        public double learningRate() {
            return learningRate.get();
        }

        @Override
        public void setLearningRate(double lr) {
            learningRate.set(lr);
        }

        @Override
        public void report(String key, double value) {
            String prefix = current == null ? "" : current.instanceName() + ".";
            reports.put(prefix + key, value);
        }
    }
}
