package org.distill4j.framework.sense;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SparsityRangeTest {

    @Test
    void distillersDefaultRangeIsTwentyLevelsOnTheGrid() {
        List<Double> levels = SparsityRange.parse("0:0.95:0.05").levels();
        assertEquals(20, levels.size());
        assertEquals(0.0, levels.get(0));
        assertEquals(0.15, levels.get(3));
        assertEquals(0.95, levels.get(19));
    }

    @Test
    void stopIsIncludedOnlyWhenItLandsOnTheGrid() {
        assertEquals(List.of(0.0, 0.25, 0.5, 0.75, 1.0), SparsityRange.parse("0:1:0.25").levels());
        assertEquals(List.of(0.0, 0.03, 0.06, 0.09), SparsityRange.parse("0:0.1:0.03").levels());
        assertEquals(List.of(0.5), SparsityRange.parse("0.5:0.5:0.1").levels());
        assertEquals(List.of(0.1, 0.3, 0.5, 0.7, 0.9), SparsityRange.parse(" 0.1 : 0.9 : 0.2 ").levels());
    }

    @Test
    void badRangesSayWhatIsWrong() {
        assertTrue(bad("0.5:0.1:0.1").contains("above STOP"));
        assertTrue(bad("a:b:c").contains("START:STOP:STEP"));
        assertTrue(bad("0:0.9").contains("START:STOP:STEP"));
        assertTrue(bad("0:0.9:0").contains("positive"));
        assertTrue(bad("0:1.5:0.1").contains("[0, 1]"));
        assertTrue(bad("-0.1:0.5:0.1").contains("[0, 1]"));
        assertTrue(bad("0:1:NaN").contains("finite"));
        assertTrue(bad("0:1:0.0001").contains("levels"));
    }

    private static String bad(String text) {
        return assertThrows(IllegalArgumentException.class, () -> SparsityRange.parse(text)).getMessage();
    }
}
