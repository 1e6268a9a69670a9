package org.distill4j.policies.lr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.distill4j.policies.MapPolicyArgs;
import org.distill4j.policies.RecordingContext;
import org.distill4j.policies.TinyNetworks;
import org.distill4j.policies.config.RecipeException;
import org.junit.jupiter.api.Test;

class LearningRateSchedulesTest {
    private static final double TOLERANCE = 1e-12;

    @Test
    void stepLrDropsByGammaEveryStepSizeEpochs() {
        StepLR lr = new StepLR(MapPolicyArgs.of("step_size", 3, "gamma", 0.5));
        double[] expected = {1, 1, 1, 0.5, 0.5, 0.5, 0.25};
        for (int e = 0; e < expected.length; e++) {
            assertEquals(expected[e], lr.learningRate(1.0, e), TOLERANCE, "epoch " + e);
        }
    }

    @Test
    void stepLrGammaDefaultsToOneTenth() {
        MapPolicyArgs args = MapPolicyArgs.of("step_size", 2);
        assertEquals(0.01, new StepLR(args).learningRate(1.0, 5), TOLERANCE);
    }

    @Test
    void multiStepLrDropsByGammaAtEachMilestone() {
        MultiStepLR lr = new MultiStepLR(MapPolicyArgs.of("milestones", List.of(2, 5), "gamma", 0.1));
        assertEquals(0.2, lr.learningRate(0.2, 1), TOLERANCE);
        assertEquals(0.02, lr.learningRate(0.2, 2), TOLERANCE);
        assertEquals(0.02, lr.learningRate(0.2, 4), TOLERANCE);
        assertEquals(0.002, lr.learningRate(0.2, 5), TOLERANCE);
        assertEquals(0.002, lr.learningRate(0.2, 50), TOLERANCE);
    }

    @Test
    void exponentialLrMultipliesByGammaEveryEpoch() {
        ExponentialLR lr = new ExponentialLR(MapPolicyArgs.of("gamma", 0.9));
        assertEquals(0.1, lr.learningRate(0.1, 0), TOLERANCE);
        assertEquals(0.1 * Math.pow(0.9, 7), lr.learningRate(0.1, 7), TOLERANCE);
    }

    @Test
    void cosineAnnealingFallsFromBaseToEtaMinAndStaysThere() {
        CosineAnnealingLR lr = new CosineAnnealingLR(MapPolicyArgs.of("T_max", 10, "eta_min", 0.001));
        assertEquals(0.1, lr.learningRate(0.1, 0), TOLERANCE);
        assertEquals(0.001 + (0.1 - 0.001) / 2, lr.learningRate(0.1, 5), TOLERANCE);
        assertEquals(0.001 + (0.1 - 0.001) * (1 + Math.cos(Math.PI * 3 / 10)) / 2, lr.learningRate(0.1, 3), TOLERANCE);
        assertEquals(0.001, lr.learningRate(0.1, 10), TOLERANCE);
        assertEquals(0.001, lr.learningRate(0.1, 14), TOLERANCE);
    }

    @Test
    void cosineAnnealingEtaMinDefaultsToZero() {
        CosineAnnealingLR lr = new CosineAnnealingLR(MapPolicyArgs.of("T_max", 4));
        assertEquals(0.0, lr.learningRate(0.1, 4), TOLERANCE);
    }

    @Test
    void epochBeginSetsTheRateFromTheInitialRateAndTheAbsoluteEpochAndReportsIt() {
        StepLR lr = new StepLR(MapPolicyArgs.of("step_size", 4, "gamma", 0.5));
        RecordingContext resumed = new RecordingContext(TinyNetworks.mlp(), 0.08);
        resumed.setLearningRate(123.0);
        lr.onEpochBegin(resumed.atEpoch(9));
        assertEquals(0.02, resumed.learningRate(), TOLERANCE);
        assertEquals(0.02, resumed.reports().get("lr"), TOLERANCE);
    }

    @Test
    void everyArgumentIsReadSoNoneIsReportedUnknown() {
        MapPolicyArgs step = MapPolicyArgs.of("step_size", 2, "gamma", 0.5);
        MapPolicyArgs multi = MapPolicyArgs.of("milestones", List.of(1), "gamma", 0.5);
        MapPolicyArgs exp = MapPolicyArgs.of("gamma", 0.5);
        MapPolicyArgs cos = MapPolicyArgs.of("T_max", 3, "eta_min", 0.0);
        new StepLR(step);
        new MultiStepLR(multi);
        new ExponentialLR(exp);
        new CosineAnnealingLR(cos);
        for (MapPolicyArgs args : List.of(step, multi, exp, cos)) {
            assertEquals(Set.of(), args.unknownKeys());
        }
    }

    @Test
    void aStepSizeOfZeroIsAnError() {
        RecipeException e = assertThrows(RecipeException.class, () -> new StepLR(MapPolicyArgs.of("step_size", 0)));
        assertEquals("step_size: must be at least 1, got 0", e.problem());
    }

    @Test
    void milestonesThatAreNotStrictlyIncreasingAreAnError() {
        RecipeException e = assertThrows(RecipeException.class,
                () -> new MultiStepLR(MapPolicyArgs.of("milestones", List.of(3, 3))));
        assertTrue(e.problem().startsWith("milestones: must be strictly increasing"), e.problem());
    }

    @Test
    void aGammaOfZeroIsAnError() {
        RecipeException e = assertThrows(RecipeException.class, () -> new ExponentialLR(MapPolicyArgs.of("gamma", 0.0)));
        assertTrue(e.problem().startsWith("gamma: must be a finite number > 0"), e.problem());
    }

    @Test
    void exponentialLrWithoutGammaIsAnError() {
        RecipeException e = assertThrows(RecipeException.class, () -> new ExponentialLR(MapPolicyArgs.of()));
        assertTrue(e.problem().contains("gamma"), e.problem());
    }

    @Test
    void aTMaxOfZeroIsAnError() {
        RecipeException e = assertThrows(RecipeException.class, () -> new CosineAnnealingLR(MapPolicyArgs.of("T_max", 0)));
        assertEquals("T_max: must be at least 1, got 0", e.problem());
    }
}
