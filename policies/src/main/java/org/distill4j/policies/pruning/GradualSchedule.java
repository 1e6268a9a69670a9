package org.distill4j.policies.pruning;

import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The AGP target of Zhu and Gupta (2017), shared by {@link AutomatedGradualPruner} and the
 * structured {@code _AGP} pruners: {@code s(e) = final + (initial - final)(1 - progress)³} over the
 * policy's active epochs, as {@link AutomatedGradualPruner} documents. Before the first active
 * epoch the target is the initial sparsity, after the last the final.
 */
final class GradualSchedule {
    private final String owner;
    private final double initial;
    private final double fin;
    private SortedSet<Integer> epochs;

    GradualSchedule(String owner, double initial, double fin) {
        this.owner = owner;
        this.initial = initial;
        this.fin = fin;
    }

    void scheduled(SortedSet<Integer> active) {
        if (active.isEmpty()) {
            throw new IllegalArgumentException(owner + " scheduled in no epoch");
        }
        SortedSet<Integer> copy = new TreeSet<>(active);
        if (epochs != null && !epochs.equals(copy)) {
            throw new IllegalStateException(owner + " scheduled twice with different epochs (" + epochs + ", then "
                    + copy + "): use one instance per schedule entry");
        }
        epochs = copy;
    }

    double target(int epoch) {
        if (epochs == null) {
            throw new IllegalStateException(owner + " does not know its schedule: the scheduler must call "
                    + "ScheduleAware.scheduled(activeEpochs) before the first epoch");
        }
        int first = epochs.first();
        int span = epochs.last() - first;
        if (span == 0) {
            return fin;
        }
        double progress = Math.min(1.0, Math.max(0.0, (epoch - first) / (double) span));
        double r = 1.0 - progress;
        return fin + (initial - fin) * r * r * r;
    }
}
