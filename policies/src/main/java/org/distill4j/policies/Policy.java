package org.distill4j.policies;

/**
 * A compression or training policy that the scheduler switches on in the epochs a recipe names.
 *
 * <p>Every hook is a no-op: override the moments you need. For each epoch in which the policy is
 * active, the scheduler calls, in recipe order among the active policies:
 * <pre>
 * onEpochBegin
 *   per minibatch: onMinibatchBegin -> forward -> backward
 *                  -> beforeOptimizerStep (gradients available; masks are applied to them after all policies)
 *                  -> optimizer step
 *                  -> onMinibatchEnd (masks were re-applied to the weights before this call)
 * validation
 * onEpochEnd (the epoch's metrics available)
 * </pre>
 * {@link #attach} is called once for every policy, active or not, before the first epoch.
 *
 * <p>A recipe creates a policy through a public constructor taking
 * {@link org.distill4j.policies.config.PolicyArgs} (or a public no-argument constructor when the
 * policy takes no arguments). The constructor reads every argument: keys it does not ask for are
 * reported as unknown. A user's subclass is named in a recipe by its full class name, or under a
 * short name through {@code META-INF/services/org.distill4j.policies.Policy}.
 */
public abstract class Policy {

    /**
     * State that a checkpoint must keep for a resumed run to continue exactly, beyond what the
     * model, its optimizer state and the masks already hold (e.g. EMA activation ranges). Most
     * policies derive everything from the epoch and keep nothing: they return null (the default).
     * The value is stored with Java serialization and read back only as JDK and distill4j classes.
     */
    public java.io.Serializable saveState() {
        return null;
    }

    /** Restores what {@link #saveState} returned, after {@link #attach}, when a run is resumed. */
    public void restoreState(java.io.Serializable state) {
    }

    /** Once, before the first epoch, with the model built: resolve parameter names, allocate state. */
    public void attach(PolicyContext context) {
    }

    public void onEpochBegin(PolicyContext context) {
    }

    public void onMinibatchBegin(PolicyContext context) {
    }

    /** After backpropagation, before the updater: {@link PolicyContext#gradient()} holds the raw gradients. */
    public void beforeOptimizerStep(PolicyContext context) {
    }

    public void onMinibatchEnd(PolicyContext context) {
    }

    /** After validation: {@link PolicyContext#epochMetrics()} holds the epoch's figures. */
    public void onEpochEnd(PolicyContext context) {
    }
}
