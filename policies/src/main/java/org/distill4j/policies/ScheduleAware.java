package org.distill4j.policies;

import java.util.SortedSet;

/**
 * A policy that needs to know its whole schedule, not just the current epoch: a gradual pruner
 * whose target sparsity is a function of how far the current epoch is through its window.
 *
 * <p>The scheduler calls {@link #scheduled} once for every policy that implements this interface,
 * before {@link Policy#attach}, with every epoch in which it will call the policy's hooks. The set
 * comes from the recipe, not from the epochs seen so far, so a run resumed mid-schedule computes
 * the same values as an uninterrupted one.
 */
public interface ScheduleAware {

    /**
     * The epochs (absolute, from 0, ascending, non-empty) in which this policy is active. For a
     * {@code starting_epoch}/{@code ending_epoch}/{@code frequency} schedule that is
     * {@code start, start + frequency, ...} below {@code ending_epoch}.
     */
    void scheduled(SortedSet<Integer> activeEpochs);
}
