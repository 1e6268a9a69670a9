package org.distill4j.policies.regularization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.distill4j.policies.MapPolicyArgs;
import org.distill4j.policies.Policy;
import org.distill4j.policies.PolicyDriver;
import org.distill4j.policies.RecordingContext;
import org.distill4j.policies.TinyNetworks;
import org.distill4j.policies.config.RecipeException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * L1Regularizer and GroupLassoRegularizer on the tiny 6 → 5 → 3 MLP (fc1.W [6, 5]: Rows are its 5
 * columns, the output neurons; Cols its 6 rows, the inputs).
 */
class RegularizerTest {
    private static final double LR = 0.1;

    private static Map<String, Object> regims(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** fc1.W after {@code steps} plain SGD steps on the tiny batch, driven with {@code policies}. */
    private static MultiLayerNetwork trained(int steps, Policy... policies) {
        MultiLayerNetwork net = TinyNetworks.mlp(new Sgd(LR));
        PolicyDriver driver = new PolicyDriver(net, policies).attach();
        driver.beginEpoch(0);
        for (int i = 0; i < steps; i++) {
            driver.step(TinyNetworks.batch());
        }
        return net;
    }

    private static INDArray fc1(MultiLayerNetwork net) {
        return net.getLayer("fc1").getParam("W");
    }

    /** The L2 norm of each column of a [6, 5] weight. */
    private static double[] columnNorms(INDArray w) {
        double[] n = new double[(int) w.size(1)];
        for (int o = 0; o < n.length; o++) {
            n[o] = w.getColumn(o).norm2Number().doubleValue();
        }
        return n;
    }

    /** Column o of fc1.W [6, 5] holds (±) magnitudes[o][row]. */
    private static INDArray craft(RecordingContext ctx, double[][] columns) {
        INDArray w = ctx.parameters().get("fc1.W");
        for (int i = 0; i < 6; i++) {
            for (int o = 0; o < 5; o++) {
                w.putScalar(new long[] {i, o}, (i % 2 == 0 ? 1 : -1) * columns[o][i]);
            }
        }
        return w;
    }

    private static double[] constant(double v) {
        return new double[] {v, v, v, v, v, v};
    }

    @Test
    void l1AddsStrengthTimesSignToTheGradientOfTheMeanLoss() {
        INDArray w0 = fc1(TinyNetworks.mlp()).dup();
        MultiLayerNetwork plain = trained(1);
        MultiLayerNetwork regularized = trained(1, new L1Regularizer(MapPolicyArgs.of("reg_regims", regims("fc1.W", 0.02))));
        // SGD: w1 = w0 - lr (mean-loss gradient + λ sign(w0)), whatever the minibatch size
        INDArray expected = Transforms.sign(w0, true).muli(-LR * 0.02);
        assertTrue(expected.equalsWithEps(fc1(regularized).sub(fc1(plain)), 1e-6));
        assertEquals(plain.getLayer("fc2").getParam("W"), regularized.getLayer("fc2").getParam("W"));
    }

    @Test
    void groupLassoAddsStrengthTimesEachGroupsDirectionToTheGradient() {
        INDArray w0 = fc1(TinyNetworks.mlp()).dup();
        MultiLayerNetwork plain = trained(1);
        MultiLayerNetwork regularized = trained(1, new GroupLassoRegularizer(MapPolicyArgs.of(
                "reg_regims", regims("fc1.W", 0.02), "group_type", "Rows")));
        INDArray expected = w0.dup();
        double[] norms = columnNorms(w0);
        for (int o = 0; o < 5; o++) {
            expected.getColumn(o).muli(-LR * 0.02 / norms[o]);
        }
        assertTrue(expected.equalsWithEps(fc1(regularized).sub(fc1(plain)), 1e-6),
                expected + "\n" + fc1(regularized).sub(fc1(plain)));
    }

    @Test
    void l1TrainingEndsWithSmallerWeights() {
        double plain = fc1(trained(30)).norm1Number().doubleValue();
        double regularized = fc1(trained(30, new L1Regularizer(MapPolicyArgs.of("reg_regims", regims("fc1.W", 0.05)))))
                .norm1Number().doubleValue();
        assertTrue(regularized < 0.8 * plain, regularized + " vs " + plain);
    }

    @Test
    void groupLassoTrainingShrinksWholeGroups() {
        double[] plain = columnNorms(fc1(trained(30)));
        double[] regularized = columnNorms(fc1(trained(30, new GroupLassoRegularizer(MapPolicyArgs.of(
                "reg_regims", regims("fc1.W", 0.1), "group_type", "Rows")))));
        for (int o = 0; o < 5; o++) {
            assertTrue(regularized[o] < plain[o], "output " + o + ": " + regularized[o] + " vs " + plain[o]);
        }
    }

    @Test
    void l1ThresholdZeroesAndMasksTheElementsBelowItAtTheEpochEnd() {
        RecordingContext ctx = new RecordingContext(TinyNetworks.mlp());
        INDArray w = craft(ctx, new double[][] {constant(0.01), constant(0.04), constant(0.06), constant(0.5), constant(1)});
        L1Regularizer l1 = new L1Regularizer(MapPolicyArgs.of("reg_regims", regims("fc1.W", 0.1),
                "threshold_criteria", "Mean_Abs", "threshold", 0.05));
        l1.attach(ctx);
        l1.onEpochEnd(ctx);
        assertEquals(12.0, ctx.reports().get("zeroed_groups"));
        assertEquals(12, ctx.masks().get("fc1.W").eq(0).castTo(DataType.INT).sumNumber().intValue());
        assertEquals(0.0, w.getColumn(0).norm1Number().doubleValue() + w.getColumn(1).norm1Number().doubleValue());
        assertEquals(0.1 * 6 * (0.06 + 0.5 + 1), ctx.reports().get("penalty"), 1e-6);
        assertEquals(List.of("fc1.W"), List.copyOf(l1.prunedParameters()));
    }

    @Test
    void groupLassoMeanAbsZeroesGroupsWithASmallMeanAndMaxSparesOneLargeElement() {
        double[] spike = {0.5, 0.001, 0.001, 0.001, 0.001, 0.001}; // mean |w| 0.0842, max 0.5
        double[][] columns = {constant(0.01), spike, constant(0.3), constant(0.3), constant(0.3)};

        RecordingContext byMean = new RecordingContext(TinyNetworks.mlp());
        INDArray w = craft(byMean, columns);
        GroupLassoRegularizer meanAbs = new GroupLassoRegularizer(MapPolicyArgs.of("reg_regims", regims("fc1.W", 0.1),
                "group_type", "Rows", "threshold_criteria", "Mean_Abs", "threshold", 0.09));
        meanAbs.attach(byMean);
        meanAbs.onEpochEnd(byMean);
        assertEquals(2.0, byMean.reports().get("zeroed_groups"));
        assertEquals(List.of(0.0, 0.0, 6.0, 6.0, 6.0), columnSums(byMean.masks().get("fc1.W")));
        assertEquals(List.of(0.0, 0.0, 6.0, 6.0, 6.0), columnSums(w.neq(0).castTo(DataType.FLOAT)));
        assertFalse(byMean.masks().has("fc1.b"));

        RecordingContext byMax = new RecordingContext(TinyNetworks.mlp());
        craft(byMax, columns);
        GroupLassoRegularizer max = new GroupLassoRegularizer(MapPolicyArgs.of("reg_regims", regims("fc1.W", 0.1),
                "group_type", "Rows", "threshold_criteria", "Max", "threshold", 0.09));
        max.attach(byMax);
        max.onEpochEnd(byMax);
        assertEquals(1.0, byMax.reports().get("zeroed_groups"));
        assertEquals(List.of(0.0, 6.0, 6.0, 6.0, 6.0), columnSums(byMax.masks().get("fc1.W")));
    }

    private static List<Double> columnSums(INDArray a) {
        Double[] s = new Double[(int) a.size(1)];
        for (int o = 0; o < s.length; o++) {
            s[o] = a.getColumn(o).sumNumber().doubleValue();
        }
        return List.of(s);
    }

    @Test
    void groupLassoReportsStrengthTimesTheSumOfGroupNorms() {
        RecordingContext ctx = new RecordingContext(TinyNetworks.mlp());
        craft(ctx, new double[][] {constant(0.1), constant(0.2), constant(0.3), constant(0.4), constant(0.5)});
        GroupLassoRegularizer lasso = new GroupLassoRegularizer(MapPolicyArgs.of("reg_regims", regims("fc1.W", 0.5),
                "group_type", "Rows"));
        lasso.attach(ctx);
        lasso.onEpochEnd(ctx);
        assertEquals(0.5 * Math.sqrt(6) * (0.1 + 0.2 + 0.3 + 0.4 + 0.5), ctx.reports().get("penalty"), 1e-6);
        assertTrue(ctx.masks().isEmpty());
        assertEquals(List.of(), List.copyOf(lasso.prunedParameters()), "without threshold_criteria it prunes nothing");
    }

    @Test
    void theThresholdMaskKeepsWhatAnEarlierMaskPruned() {
        RecordingContext ctx = new RecordingContext(TinyNetworks.mlp());
        craft(ctx, new double[][] {constant(0.01), constant(0.3), constant(0.3), constant(0.3), constant(0.3)});
        INDArray earlier = Nd4j.ones(DataType.FLOAT, 6, 5);
        earlier.putScalar(new long[] {2, 3}, 0.0);
        ctx.masks().set("fc1.W", earlier);
        L1Regularizer l1 = new L1Regularizer(MapPolicyArgs.of("reg_regims", regims("fc1.W", 0.1),
                "threshold_criteria", "Max", "threshold", 0.05));
        l1.attach(ctx);
        l1.onEpochEnd(ctx);
        INDArray mask = ctx.masks().get("fc1.W");
        assertEquals(0.0, mask.getDouble(2, 3));
        assertEquals(30 - 6 - 1, mask.sumNumber().intValue());
    }

    @Test
    void aNegativeStrengthIsAnErrorAtRegRegims() {
        RecipeException e = assertThrows(RecipeException.class,
                () -> new L1Regularizer(MapPolicyArgs.of("reg_regims", regims("fc1.W", -0.1))));
        assertTrue(e.problem().startsWith("reg_regims: 'fc1.W' must be a finite strength >= 0"), e.problem());
        assertEquals(2, e.location().line());
    }

    @Test
    void aRegimThatMatchesNoParameterIsAnErrorAtAttach() {
        L1Regularizer l1 = new L1Regularizer(MapPolicyArgs.of("reg_regims", regims("fc9.W", 0.1)));
        RecipeException e = assertThrows(RecipeException.class, () -> l1.attach(new RecordingContext(TinyNetworks.mlp())));
        assertTrue(e.problem().startsWith("reg_regims: 'fc9.W' matches no parameter"), e.problem());
    }

    @Test
    void groupLassoNeedsAGroupTypeThatFitsTheWeight() {
        RecipeException missing = assertThrows(RecipeException.class,
                () -> new GroupLassoRegularizer(MapPolicyArgs.of("reg_regims", regims("fc1.W", 0.1))));
        assertEquals("group_type: is required: Filters, Channels, Rows or Cols", missing.problem());
        GroupLassoRegularizer filters = new GroupLassoRegularizer(MapPolicyArgs.of("reg_regims", regims("fc1.W", 0.1),
                "group_type", "Filters"));
        RecipeException wrong = assertThrows(RecipeException.class, () -> filters.attach(new RecordingContext(TinyNetworks.mlp())));
        assertTrue(wrong.problem().contains("fc1.W has shape [6, 5]: group type FILTERS needs a convolution weight"),
                wrong.problem());
        assertEquals(2, wrong.location().line());
    }

    @Test
    void aThresholdCriterionWithoutAThresholdIsAnError() {
        RecipeException e = assertThrows(RecipeException.class, () -> new L1Regularizer(MapPolicyArgs.of(
                "reg_regims", regims("fc1.W", 0.1), "threshold_criteria", "Max")));
        assertTrue(e.problem().contains("threshold"), e.problem());
    }

    @Test
    void anUnknownThresholdCriterionIsAnErrorAtIt() {
        RecipeException e = assertThrows(RecipeException.class, () -> new L1Regularizer(MapPolicyArgs.of(
                "reg_regims", regims("fc1.W", 0.1), "threshold_criteria", "Median", "threshold", 0.1)));
        assertTrue(e.problem().startsWith("threshold_criteria:"), e.problem());
        assertEquals(3, e.location().line());
    }

    @Test
    void everyArgumentIsRead() {
        MapPolicyArgs args = MapPolicyArgs.of("reg_regims", regims("fc1.W", 0.1), "group_type", "Cols",
                "threshold_criteria", "Mean_Abs", "threshold", 0.01);
        new GroupLassoRegularizer(args);
        assertEquals(Set.of(), args.unknownKeys());
    }
}
