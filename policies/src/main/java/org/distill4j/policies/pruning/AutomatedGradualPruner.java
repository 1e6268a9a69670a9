package org.distill4j.policies.pruning;

import java.util.List;
import java.util.SortedSet;
import org.distill4j.policies.ModelParameters;
import org.distill4j.policies.PolicyContext;
import org.distill4j.policies.ScheduleAware;
import org.distill4j.policies.config.PolicyArgs;
import org.distill4j.policies.config.WeightPatterns;

/**
 * Automated gradual pruning (AGP): Michael Zhu and Suyog Gupta, "To prune, or not to prune:
 * exploring the efficacy of pruning for model compression", NIPS 2017 workshop,
 * arXiv:1710.01878, as Distiller implements it (fine-grained, by magnitude).
 *
 * <p>Recipe arguments:
 * <ul>
 * <li>{@code initial_sparsity} (required): the target in the first active epoch, in [0, 1).</li>
 * <li>{@code final_sparsity} (required): the target in the last active epoch, in
 *     [{@code initial_sparsity}, 1).</li>
 * <li>{@code weights} (required): parameter names or whole-name regular expressions.</li>
 * <li>{@code global} (default {@code false}): one magnitude threshold across all the weights
 *     instead of the same sparsity in each tensor.</li>
 * </ul>
 *
 * <p>In active epoch {@code e} of a schedule whose active epochs run from {@code first} to
 * {@code last}, the target is
 * <pre>
 * s(e) = final + (initial - final) · (1 - (e - first) / (last - first))³
 * </pre>
 * so it reaches {@code final_sparsity} in the last active epoch. For a start/end/frequency
 * schedule {@code last - first} is Distiller's span {@code ((end - start - 1) // freq) * freq}.
 * A one-epoch schedule prunes to {@code final_sparsity} at once (Distiller refuses it).
 *
 * <p>Why a cube: the paper's schedule prunes fast while the network still has many redundant
 * weights and slows down as fewer remain, giving the rest of the network time to recover between
 * pruning steps; the exponent 3 is the paper's choice. Equal initial and final sparsity (which
 * Distiller refuses) just prunes to that level in every active epoch.
 *
 * <p>The schedule comes from the recipe through {@link ScheduleAware}, never from the epochs seen,
 * so a run resumed mid-schedule prunes exactly as an uninterrupted one.
 */
public class AutomatedGradualPruner extends AbstractPruner implements ScheduleAware {
    private final double initialSparsity;
    private final double finalSparsity;
    private final WeightPatterns weightPatterns;
    private final GradualSchedule schedule;

    public AutomatedGradualPruner(PolicyArgs args) {
        super(args.getBoolean("global", false));
        this.initialSparsity = args.getDouble("initial_sparsity");
        this.finalSparsity = args.getDouble("final_sparsity");
        this.weightPatterns = new WeightPatterns(args.getStringList("weights"));
        if (!(initialSparsity >= 0 && initialSparsity < 1)) {
            throw args.error("initial_sparsity", "must be in [0, 1), got " + initialSparsity);
        }
        if (!(finalSparsity >= 0 && finalSparsity < 1)) {
            throw args.error("final_sparsity", "must be in [0, 1), got " + finalSparsity);
        }
        if (finalSparsity < initialSparsity) {
            throw args.error("final_sparsity", "must be at least initial_sparsity (" + initialSparsity
                    + "), got " + finalSparsity);
        }
        if (weightPatterns.patterns().isEmpty()) {
            throw args.error("weights", "must name at least one weight");
        }
        this.schedule = new GradualSchedule("AutomatedGradualPruner", initialSparsity, finalSparsity);
    }

    @Override
    public void scheduled(SortedSet<Integer> epochs) {
        schedule.scheduled(epochs);
    }

    public double initialSparsity() {
        return initialSparsity;
    }

    public double finalSparsity() {
        return finalSparsity;
    }

    /** The AGP target for {@code epoch}; before the first active epoch the initial, after the last the final. */
    public double targetSparsity(int epoch) {
        return schedule.target(epoch);
    }

    @Override
    protected List<String> resolveWeights(ModelParameters parameters) {
        return weightPatterns.resolve(parameters.names());
    }

    @Override
    protected double targetSparsity(String weight, PolicyContext context) {
        return targetSparsity(context.epoch());
    }
}
