package org.distill4j.schedulers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EpochScheduleTest {

    @Test
    void aRangeIncludesItsStartAndExcludesItsEnd() {
        EpochSchedule s = EpochSchedule.range(2, 5, 1);
        assertFalse(s.isActive(1));
        assertTrue(s.isActive(2));
        assertTrue(s.isActive(4));
        assertFalse(s.isActive(5));
    }

    @Test
    void aFrequencyActivatesEveryNthEpochFromTheStart() {
        assertEquals(Set.of(1, 4, 7), EpochSchedule.range(1, 9, 3).epochs());
    }

    @Test
    void anEpochListIsActiveExactlyInItsEpochs() {
        EpochSchedule s = EpochSchedule.of(List.of(5, 0, 3));
        assertEquals(List.of(0, 3, 5), List.copyOf(s.epochs()));
        assertFalse(s.isActive(1));
        assertEquals(0, s.firstEpoch());
        assertEquals(5, s.lastEpoch());
    }

    @Test
    void anEmptyOrNegativeScheduleIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> EpochSchedule.range(3, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> EpochSchedule.range(0, 3, 0));
        assertThrows(IllegalArgumentException.class, () -> EpochSchedule.range(-1, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> EpochSchedule.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> EpochSchedule.of(List.of(-2)));
    }
}
