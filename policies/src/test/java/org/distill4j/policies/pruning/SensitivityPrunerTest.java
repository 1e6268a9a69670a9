package org.distill4j.policies.pruning;

import static org.distill4j.policies.pruning.PruningAssertions.zeros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.distill4j.policies.MapPolicyArgs;
import org.distill4j.policies.PolicyDriver;
import org.distill4j.policies.RecordingContext;
import org.distill4j.policies.TinyNetworks;
import org.distill4j.policies.config.RecipeException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

class SensitivityPrunerTest {

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static SensitivityPruner pruner(Object... sensitivities) {
        return new SensitivityPruner(MapPolicyArgs.of("sensitivities", map(sensitivities)));
    }

    /** 30 distinct magnitudes 0.05, 0.1, ... 1.5 with alternating signs and a small offset, c order. */
    private static double crafted(int i) {
        return (i % 2 == 0 ? 1 : -1) * 0.05 * (i + 1) + 0.01;
    }

    /** torch.std / Distiller: the sample standard deviation (n - 1). */
    private static double sampleStd(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x / v.length;
        }
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        return Math.sqrt(ss / (v.length - 1));
    }

    @Test
    void theThresholdIsSensitivityTimesTheStdAndExactlyTheSmallerMagnitudesArePruned() {
        MultiLayerNetwork net = TinyNetworks.mlp();
        RecordingContext ctx = new RecordingContext(net);
        INDArray w = ctx.parameters().get("fc1.W");
        StructuredNets.fill(w, SensitivityPrunerTest::crafted);
        double[] values = new double[30];
        for (int i = 0; i < 30; i++) {
            values[i] = crafted(i);
        }
        double threshold = 1.1 * sampleStd(values);

        SensitivityPruner pruner = pruner("fc1.W", 1.1);
        pruner.attach(ctx);
        pruner.onEpochBegin(ctx);

        assertEquals(threshold, ctx.reports().get("fc1.W.threshold"), 1e-6 * threshold);
        INDArray mask = ctx.masks().get("fc1.W");
        int expectedZeros = 0;
        for (int i = 0; i < 30; i++) {
            boolean small = Math.abs(values[i]) < threshold;
            expectedZeros += small ? 1 : 0;
            assertEquals(small ? 0.0 : 1.0, mask.getDouble(i / 5, i % 5), "element " + i + " = " + values[i]);
        }
        assertTrue(expectedZeros > 10 && expectedZeros < 25, "a threshold inside the range: " + expectedZeros);
        assertFalse(ctx.masks().has("fc2.W"), "only the named weight");
    }

    @Test
    void onAGaussianLayerSensitivityOneQuarterPrunesAFifthAndOnePrunesTwoThirds() {
        MultiLayerNetwork net = StructuredNets.dense(200, 100);
        RecordingContext ctx = new RecordingContext(net);
        Nd4j.getRandom().setSeed(3);
        ctx.parameters().get("fc1.W").assign(Nd4j.randn(DataType.FLOAT, 200, 100).muli(0.07));

        SensitivityPruner quarter = pruner("fc1.W", 0.25);
        quarter.attach(ctx);
        quarter.onEpochBegin(ctx);
        assertEquals(0.197, zeros(ctx.masks().get("fc1.W")) / 20000.0, 0.01); // P(|z| < 0.25)

        SensitivityPruner one = pruner("fc1.W", 1.0);
        one.attach(ctx);
        one.onEpochBegin(ctx);
        assertEquals(0.683, zeros(ctx.masks().get("fc1.W")) / 20000.0, 0.01); // P(|z| < 1)
    }

    @Test
    void prunedWeightsStayPrunedWhenThePrunerRunsAgainAfterTraining() {
        MultiLayerNetwork net = TinyNetworks.mlp();
        RecordingContext ctx = new RecordingContext(net);
        INDArray w = ctx.parameters().get("fc1.W");
        StructuredNets.fill(w, SensitivityPrunerTest::crafted);
        SensitivityPruner pruner = pruner("fc1.W", 1.0);
        pruner.attach(ctx);
        pruner.onEpochBegin(ctx);
        INDArray first = ctx.masks().get("fc1.W").dup();
        ctx.masks().applyToParameters(ctx.parameters());
        // "training": a kept weight shrinks below the threshold
        int shrunk = -1;
        for (int i = 0; i < 30 && shrunk < 0; i++) {
            if (first.getDouble(i / 5, i % 5) == 1.0) {
                shrunk = i;
                w.putScalar(new long[] {i / 5, i % 5}, 0.001);
            }
        }

        pruner.onEpochBegin(ctx.atEpoch(1));

        INDArray second = ctx.masks().get("fc1.W");
        assertEquals(0.0, second.mul(first.rsub(1.0)).sumNumber().doubleValue(), "a pruned weight came back");
        assertEquals(0.0, second.getDouble(shrunk / 5, shrunk % 5), "the shrunk weight is pruned in the second step");
        assertEquals(zeros(first) + 1, zeros(second));
    }

    @Test
    void itsMasksKeepPrunedWeightsAtZeroThroughLaterTrainingWithAdam() {
        MultiLayerNetwork net = TinyNetworks.mlp(new Adam(0.01));
        SensitivityPruner pruner = pruner("*", 0.8);
        PolicyDriver driver = new PolicyDriver(net, pruner).attach();
        driver.beginEpoch(0);
        INDArray mask = driver.masks().get("fc1.W").dup();
        INDArray before = driver.parameters().get("fc1.W").dup();
        assertTrue(zeros(mask) > 5);
        for (int i = 0; i < 15; i++) {
            driver.step(TinyNetworks.batch());
        }
        // a later epoch in which the pruner is not active: its masks stay in force
        PolicyDriver later = new PolicyDriver(net);
        driver.masks().asMap().forEach(later.masks()::set);
        later.beginEpoch(1);
        for (int i = 0; i < 15; i++) {
            later.step(TinyNetworks.batch());
        }
        INDArray after = later.parameters().get("fc1.W");
        assertEquals(0.0, after.mul(mask.rsub(1.0)).amaxNumber().doubleValue(), "a pruned weight regrew");
        assertEquals(zeros(mask), zeros(after));
        assertTrue(after.sub(before).amaxNumber().doubleValue() > 1e-3, "the kept weights trained");
    }

    @Test
    void starCoversEveryWeightTensorAndASensitivityOfZeroPrunesNothing() {
        RecordingContext ctx = new RecordingContext(TinyNetworks.mlp());
        SensitivityPruner pruner = pruner("fc2.W", 0.0, "*", 0.5);
        pruner.attach(ctx);
        pruner.onEpochBegin(ctx);
        assertEquals(Map.of("fc1.W", 0.5), pruner.sensitivities());
        assertEquals(List.of("fc1.W"), List.copyOf(ctx.masks().asMap().keySet()));
    }

    @Test
    void aNegativeSensitivityIsAnErrorAtItsKey() {
        RecipeException e = assertThrows(RecipeException.class, () -> pruner("fc1.W", 0.5, "fc2.W", -0.1));
        assertEquals("sensitivities: 'fc2.W' must be a finite number >= 0, got -0.1", e.problem());
        assertEquals(2, e.location().line());
    }

    @Test
    void aSensitivityKeyThatMatchesNoParameterIsAnErrorSuggestingTheNearest() {
        SensitivityPruner pruner = pruner("fc1.w", 0.5);
        RecipeException e = assertThrows(RecipeException.class,
                () -> pruner.attach(new RecordingContext(TinyNetworks.mlp())));
        assertTrue(e.problem().contains("did you mean 'fc1.W'"), e.problem());
    }

    @Test
    void everyArgumentIsRead() {
        MapPolicyArgs args = MapPolicyArgs.of("sensitivities", map("*", 0.5), "weights", List.of("fc1.W"));
        new SensitivityPruner(args);
        assertEquals(java.util.Set.of(), args.unknownKeys());
    }
}
