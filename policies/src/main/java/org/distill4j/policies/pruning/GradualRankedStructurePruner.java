package org.distill4j.policies.pruning;

import java.util.SortedSet;
import org.distill4j.policies.PolicyContext;
import org.distill4j.policies.ScheduleAware;
import org.distill4j.policies.config.PolicyArgs;

/**
 * What the structured {@code _AGP} pruners share: the fraction of structures pruned grows from
 * {@code initial_sparsity} to {@code final_sparsity} on the AGP cube schedule over the active
 * epochs ({@link GradualSchedule}). Other arguments: see {@link RankedStructurePruner}.
 */
public abstract class GradualRankedStructurePruner extends RankedStructurePruner implements ScheduleAware {
    private final GradualSchedule schedule;

    /** @param norm 1 or 2: the norm that ranks the structures */
    protected GradualRankedStructurePruner(PolicyArgs args, int norm) {
        super(args, norm);
        double initial = fraction(args, "initial_sparsity");
        double fin = fraction(args, "final_sparsity");
        if (fin < initial) {
            throw args.error("final_sparsity", "must be at least initial_sparsity (" + initial + "), got " + fin);
        }
        this.schedule = new GradualSchedule(getClass().getSimpleName(), initial, fin);
    }

    @Override
    public void scheduled(SortedSet<Integer> activeEpochs) {
        schedule.scheduled(activeEpochs);
    }

    @Override
    protected double fraction(PolicyContext context) {
        return schedule.target(context.epoch());
    }
}
