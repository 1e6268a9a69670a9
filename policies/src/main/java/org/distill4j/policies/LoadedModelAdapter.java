package org.distill4j.policies;

import org.deeplearning4j.nn.api.Model;

/**
 * Prepares a model that a policy loads from a file (a distillation teacher) to compute as the
 * framework's own models do. The framework registers its fast layers through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/org.distill4j.policies.LoadedModelAdapter});
 * without one, loaded models run as DL4J built them.
 */
public interface LoadedModelAdapter {

    /** {@code model} or an equivalent model (same parameters and outputs) to use instead. */
    Model adapt(Model model);

    /** {@code model} passed through every registered adapter. */
    static Model adaptAll(Model model) {
        for (LoadedModelAdapter adapter : java.util.ServiceLoader.load(LoadedModelAdapter.class)) {
            model = adapter.adapt(model);
        }
        return model;
    }
}
