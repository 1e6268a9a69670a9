package org.distill4j.policies.pruning;

import java.util.SortedSet;
import org.distill4j.policies.PolicyContext;
import org.distill4j.policies.ScheduleAware;
import org.distill4j.policies.config.PolicyArgs;

/**
 * Distiller's {@code L1RankedStructureParameterPruner_AGP}: structures ranked by L1 norm, with the
 * fraction pruned growing from {@code initial_sparsity} to {@code final_sparsity} on the AGP cube
 * schedule over the active epochs (see {@link AutomatedGradualPruner}). Other arguments: see
 * {@link RankedStructurePruner}. (The underscore keeps Distiller's class name, so recipes carry over.)
 */
public class L1RankedStructureParameterPruner_AGP extends RankedStructurePruner implements ScheduleAware {
    private final GradualSchedule schedule;

    public L1RankedStructureParameterPruner_AGP(PolicyArgs args) {
        super(args, 1);
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
