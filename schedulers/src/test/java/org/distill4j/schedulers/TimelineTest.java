package org.distill4j.schedulers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.distill4j.schedulers.testing.NoArgPolicy;
import org.junit.jupiter.api.Test;

class TimelineTest {

    @Test
    void aShortScheduleHasOneRowPerEntryUnderASingleHeaderRow() {
        List<ScheduledPolicy> policies = List.of(
                new ScheduledPolicy("pruner", "fc", new NoArgPolicy(), EpochSchedule.range(0, 4, 2)),
                new ScheduledPolicy("lr_scheduler", "lr", new NoArgPolicy(), EpochSchedule.of(List.of(5))));
        String expected = " ".repeat(24) + "epoch  012345\n"
                + "pruner fc (NoArgPolicy)        #.#...  epochs 0..3 every 2\n"
                + "lr_scheduler lr (NoArgPolicy)  .....#  epochs [5]\n";
        assertEquals(expected, Timeline.render(policies, 6));
    }

    @Test
    void pastTenEpochsTheHeaderHasATensRowOverAUnitsRow() {
        List<ScheduledPolicy> policies = List.of(
                new ScheduledPolicy("pruner", "p", new NoArgPolicy(), EpochSchedule.range(9, 12, 1)));
        String expected = " ".repeat(24) + " ".repeat(10) + "11\n"
                + " ".repeat(17) + "epoch  012345678901\n"
                + "pruner p (NoArgPolicy)  .........###  epochs 9..11\n";
        assertEquals(expected, Timeline.render(policies, 12));
    }
}
