package org.distill4j.policies.pruning;

import static org.distill4j.policies.pruning.PruningAssertions.zeros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.distill4j.policies.MapPolicyArgs;
import org.distill4j.policies.PolicyDriver;
import org.distill4j.policies.RecordingContext;
import org.distill4j.policies.TinyNetworks;
import org.distill4j.policies.config.RecipeException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Dynamic network surgery: below {@code low · b} a weight is masked, above {@code high · b} it is
 * spliced back, in between it keeps its state; {@code b = mean|W| + s · std(W)} of the weight as
 * the pruner first saw it. The optimizer updates the dense weight, so pruned weights may return.
 */
class SplicingPrunerTest {
    private static final double S = 0.2;

    private static SplicingPruner pruner(Object... extra) {
        Object[] args = new Object[4 + extra.length];
        args[0] = "sensitivities";
        args[1] = Map.of("fc1.W", S);
        args[2] = "low_thresh_mult";
        args[3] = 0.9;
        System.arraycopy(extra, 0, args, 4, extra.length);
        return new SplicingPruner(MapPolicyArgs.of(args));
    }

    private static SortedSet<Integer> epochs(Integer... e) {
        return new TreeSet<>(List.of(e));
    }

    /** Magnitudes 1/30, 2/30, ... 1 with alternating signs, in c order over fc1.W [6, 5]. */
    private static double crafted(int i) {
        return (i % 2 == 0 ? 1 : -1) * (i + 1) / 30.0;
    }

    /** mean|w| of the crafted weight: (1 + 2 + ... + 30) / 30 / 30. */
    private static double meanAbs() {
        return 31.0 / 60;
    }

    /** std(w) of the crafted weight, the sample standard deviation (n - 1) as torch.std. */
    private static double std() {
        double mean = 0;
        for (int i = 0; i < 30; i++) {
            mean += crafted(i) / 30;
        }
        double ss = 0;
        for (int i = 0; i < 30; i++) {
            ss += (crafted(i) - mean) * (crafted(i) - mean);
        }
        return Math.sqrt(ss / 29);
    }

    /** b = mean|w| + S · std(w). */
    private static double base() {
        return meanAbs() + S * std();
    }

    private static double at(INDArray a, int i) {
        return a.getDouble(i / 5, i % 5);
    }

    private static void set(INDArray a, int i, double v) {
        a.putScalar(new long[] {i / 5, i % 5}, v);
    }

    /** The c-order index of the element with magnitude closest to {@code m}. */
    private static int elementNear(double m) {
        int best = 0;
        for (int i = 0; i < 30; i++) {
            if (Math.abs(Math.abs(crafted(i)) - m) < Math.abs(Math.abs(crafted(best)) - m)) {
                best = i;
            }
        }
        return best;
    }

    private static RecordingContext craftedContext() {
        RecordingContext ctx = new RecordingContext(TinyNetworks.mlp());
        StructuredNets.fill(ctx.parameters().get("fc1.W"), SplicingPrunerTest::crafted);
        return ctx;
    }

    @Test
    void weightsBelowTheLowThresholdAreMaskedInTheNetwork() {
        RecordingContext ctx = craftedContext();
        SplicingPruner pruner = pruner("hi_thresh_mult", 1.1);
        pruner.scheduled(epochs(0, 1));
        pruner.attach(ctx);
        pruner.onEpochBegin(ctx);
        double low = 0.9 * base();
        INDArray w = ctx.parameters().get("fc1.W");
        int pruned = 0;
        for (int i = 0; i < 30; i++) {
            boolean small = Math.abs(crafted(i)) < low;
            pruned += small ? 1 : 0;
            assertEquals(small ? 0.0 : 1.0, at(pruner.mask("fc1.W"), i), "element " + i);
            assertEquals(small ? 0.0 : crafted(i), at(w, i), 1e-7, "the network holds W ⊙ T, element " + i);
        }
        assertTrue(pruned >= 10 && pruned <= 20, "low threshold inside the range: " + pruned);
        assertFalse(ctx.masks().has("fc1.W"), "the splicing mask stays the pruner's own during its window");
    }

    @Test
    void aPrunedWeightWhoseDenseValueGrowsAboveTheHighThresholdIsSplicedBack() {
        RecordingContext ctx = craftedContext();
        SplicingPruner pruner = pruner("hi_thresh_mult", 1.1);
        pruner.scheduled(epochs(0, 1));
        pruner.attach(ctx);
        pruner.onEpochBegin(ctx);
        double b = base();
        int back = elementNear(0.3 * b);   // pruned now, grows to 1.2 b
        int stays = elementNear(0.4 * b);  // pruned now, grows to 1.0 b: between the thresholds
        assertEquals(0.0, at(pruner.mask("fc1.W"), back));
        assertEquals(0.0, at(pruner.mask("fc1.W"), stays));

        // an optimizer step: the pruner restores the dense weight, the step changes it
        pruner.beforeOptimizerStep(ctx);
        INDArray w = ctx.parameters().get("fc1.W");
        assertEquals(crafted(back), at(w, back), 1e-7, "the step sees the dense value of a pruned weight");
        set(w, back, Math.signum(crafted(back)) * 1.2 * b);
        set(w, stays, Math.signum(crafted(stays)) * 1.0 * b);
        pruner.onMinibatchEnd(ctx);

        assertEquals(1.0, at(pruner.mask("fc1.W"), back), "spliced back above hi_thresh_mult · b");
        assertEquals(Math.signum(crafted(back)) * 1.2 * b, at(w, back), 1e-6);
        assertEquals(0.0, at(pruner.mask("fc1.W"), stays), "between the thresholds a pruned weight stays pruned");
        assertEquals(0.0, at(w, stays), 0.0);
    }

    @Test
    void aKeptWeightBetweenTheThresholdsStaysAndOneBelowTheLowThresholdIsPruned() {
        RecordingContext ctx = craftedContext();
        SplicingPruner pruner = pruner("hi_thresh_mult", 1.5);
        pruner.scheduled(epochs(0));
        pruner.attach(ctx);
        pruner.onEpochBegin(ctx);
        double b = base();
        int kept = elementNear(1.0);
        int drops = elementNear(0.9);
        assertEquals(1.0, at(pruner.mask("fc1.W"), kept));
        assertEquals(1.0, at(pruner.mask("fc1.W"), drops));

        pruner.beforeOptimizerStep(ctx);
        INDArray w = ctx.parameters().get("fc1.W");
        set(w, kept, 1.2 * b);   // in [0.9 b, 1.5 b]: keeps its state
        set(w, drops, 0.8 * b);  // below 0.9 b
        pruner.onMinibatchEnd(ctx);

        assertEquals(1.0, at(pruner.mask("fc1.W"), kept));
        assertEquals(1.2 * b, at(w, kept), 1e-6);
        assertEquals(0.0, at(pruner.mask("fc1.W"), drops));
        assertEquals(0.0, at(w, drops), 0.0);
    }

    @Test
    void theThresholdsComeFromTheWeightAsFirstSeen() {
        RecordingContext ctx = craftedContext();
        SplicingPruner pruner = pruner();
        pruner.scheduled(epochs(0, 1));
        pruner.attach(ctx);
        pruner.onEpochBegin(ctx);
        INDArray first = pruner.mask("fc1.W").dup();
        // every weight halves; thresholds recomputed from the new weight would prune the same fraction
        pruner.beforeOptimizerStep(ctx);
        ctx.parameters().get("fc1.W").muli(0.5);
        pruner.onMinibatchEnd(ctx);
        assertTrue(zeros(pruner.mask("fc1.W")) > zeros(first), zeros(first) + " then " + zeros(pruner.mask("fc1.W")));
    }

    @Test
    void theSensitivityMultiplierRaisesTheThresholdInLaterActiveEpochs() {
        RecordingContext ctx = craftedContext();
        SplicingPruner pruner = pruner("sensitivity_multiplier", 1.0);
        pruner.scheduled(epochs(0, 2, 4));
        pruner.attach(ctx);
        pruner.onEpochBegin(ctx.atEpoch(4)); // the third active epoch: s · (1 + 2 · 1)
        double low = 0.9 * (meanAbs() + 3 * S * std());
        for (int i = 0; i < 30; i++) {
            assertEquals(Math.abs(crafted(i)) < low ? 0.0 : 1.0, at(pruner.mask("fc1.W"), i), "element " + i);
        }
    }

    @Test
    void withAnUpdateIntervalTheMaskChangesOnlyEveryNthStep() {
        RecordingContext ctx = craftedContext();
        SplicingPruner pruner = pruner("mask_update_interval", 2);
        pruner.scheduled(epochs(0));
        pruner.attach(ctx);
        pruner.onEpochBegin(ctx);
        int back = elementNear(0.1);
        assertEquals(0.0, at(pruner.mask("fc1.W"), back));
        INDArray w = ctx.parameters().get("fc1.W");

        pruner.beforeOptimizerStep(ctx);
        set(w, back, 1.0);
        pruner.onMinibatchEnd(ctx);
        assertEquals(0.0, at(pruner.mask("fc1.W"), back), "step 1: no update");

        pruner.beforeOptimizerStep(ctx);
        assertEquals(1.0, at(w, back), 1e-7, "the dense value survived the masked step");
        pruner.onMinibatchEnd(ctx);
        assertEquals(1.0, at(pruner.mask("fc1.W"), back), "step 2: updated");
    }

    @Test
    void theMaskIsTheSchedulersOutsideTheActiveEpochsAndThePrunersOwnWithin() {
        RecordingContext ctx = craftedContext();
        SplicingPruner pruner = pruner();
        pruner.scheduled(epochs(0, 1));
        pruner.attach(ctx);
        pruner.onEpochBegin(ctx.atEpoch(0));
        assertFalse(ctx.masks().has("fc1.W"), "in its window the pruner masks the weight itself");
        pruner.onEpochEnd(ctx);
        assertEquals(pruner.mask("fc1.W"), ctx.masks().get("fc1.W"), "handed over at the epoch's end");
        assertEquals(zeros(pruner.mask("fc1.W")) / 30.0, ctx.reports().get("mask_sparsity"), 1e-9);
        pruner.onEpochBegin(ctx.atEpoch(1));
        assertFalse(ctx.masks().has("fc1.W"), "taken back in the next active epoch");
        pruner.onEpochEnd(ctx);
        assertEquals(pruner.mask("fc1.W"), ctx.masks().get("fc1.W"), "and fixed after the last");
    }

    @Test
    void inTrainingTheOptimizerUpdatesPrunedWeightsWhileTheNetworkHoldsThemAtZero() {
        MultiLayerNetwork net = TinyNetworks.mlp(new Sgd(0.5));
        SplicingPruner pruner = new SplicingPruner(MapPolicyArgs.of("sensitivities", Map.of("fc1.W", 0.3),
                "low_thresh_mult", 1.0, "hi_thresh_mult", 100.0)); // nothing pruned comes back
        pruner.scheduled(epochs(0));
        PolicyDriver driver = new PolicyDriver(net, pruner).attach();
        driver.beginEpoch(0);
        INDArray mask = pruner.mask("fc1.W").dup();
        assertTrue(zeros(mask) > 5);
        pruner.beforeOptimizerStep(driver); // expose the dense weight
        INDArray denseBefore = driver.parameters().get("fc1.W").dup();
        pruner.onMinibatchEnd(driver);
        for (int i = 0; i < 5; i++) {
            driver.step(TinyNetworks.batch());
            INDArray w = driver.parameters().get("fc1.W");
            INDArray pruned = pruner.mask("fc1.W").rsub(1.0);
            assertEquals(0.0, w.mul(pruned).amaxNumber().doubleValue(), "between steps the network holds W ⊙ T");
            assertEquals(0.0, mask.rsub(1.0).sub(pruned).maxNumber().doubleValue(), "a pruned weight came back");
        }
        pruner.beforeOptimizerStep(driver);
        INDArray dense = driver.parameters().get("fc1.W");
        INDArray change = dense.sub(denseBefore).mul(mask.rsub(1.0));
        assertTrue(change.amaxNumber().doubleValue() > 1e-4, "the pruned elements of the dense weight trained");
    }

    @Test
    void aPrunedWeightComesBackInTrainingWhenItsGradientPushesItUp() {
        MultiLayerNetwork net = TinyNetworks.mlp(new Adam(0.05));
        SplicingPruner pruner = new SplicingPruner(MapPolicyArgs.of("sensitivities", Map.of("fc1.W", 0.5)));
        pruner.scheduled(epochs(0));
        PolicyDriver driver = new PolicyDriver(net, pruner).attach();
        driver.beginEpoch(0);
        INDArray first = pruner.mask("fc1.W").dup();
        DataSet batch = TinyNetworks.batch();
        for (int i = 0; i < 40; i++) {
            driver.step(batch);
        }
        INDArray now = pruner.mask("fc1.W");
        double cameBack = now.mul(first.rsub(1.0)).sumNumber().doubleValue();
        assertTrue(cameBack > 0, "no pruned weight came back:\n" + first + "\n" + now);
    }

    @Test
    void betweenActiveEpochsTheMaskHoldsAndTheNextActiveEpochKeepsWhatTheKeptWeightsLearned() {
        DataSet batch = TinyNetworks.batch();
        MultiLayerNetwork net = TinyNetworks.mlp(new Sgd(0.5));
        SplicingPruner pruner = pruner();
        pruner.scheduled(epochs(0, 2));
        PolicyDriver driver = new PolicyDriver(net, pruner).activeIn(pruner, 0, 2).attach();
        driver.beginEpoch(0);
        for (int i = 0; i < 3; i++) {
            driver.step(batch);
        }
        driver.endEpoch();
        INDArray first = pruner.mask("fc1.W").dup();

        driver.beginEpoch(1); // the pruner is not active
        for (int i = 0; i < 3; i++) {
            driver.step(batch);
        }
        driver.endEpoch();
        INDArray trained = driver.parameters().get("fc1.W").dup();
        assertEquals(0.0, trained.mul(first.rsub(1.0)).amaxNumber().doubleValue(), "the mask held in epoch 1");

        driver.beginEpoch(2);
        INDArray keptBoth = first.mul(pruner.mask("fc1.W"));
        INDArray w = driver.parameters().get("fc1.W");
        assertTrue(w.mul(keptBoth).equalsWithEps(trained.mul(keptBoth), 1e-7), "epoch 1's training was lost:\n"
                + trained + "\n" + w);
    }

    @Test
    void aResumedPrunerContinuesExactlyAsTheUninterruptedOne() {
        DataSet batch = TinyNetworks.batch();
        MultiLayerNetwork net = TinyNetworks.mlp(new Sgd(0.5));
        SplicingPruner whole = pruner("mask_update_interval", 3);
        whole.scheduled(epochs(0, 1));
        PolicyDriver driver = new PolicyDriver(net, whole).attach();
        driver.beginEpoch(0);
        for (int i = 0; i < 4; i++) {
            driver.step(batch);
        }
        driver.endEpoch();
        java.io.Serializable state = whole.saveState();

        // the checkpoint: the network as it is between epochs, the pruner's state, a fresh pruner
        MultiLayerNetwork copy = net.clone();
        SplicingPruner resumed = pruner("mask_update_interval", 3);
        resumed.scheduled(epochs(0, 1));
        PolicyDriver resumedDriver = new PolicyDriver(copy, resumed).attach();
        driver.masks().asMap().forEach((name, mask) -> resumedDriver.masks().set(name, mask.dup()));
        resumed.restoreState(roundTrip(state));

        for (PolicyDriver d : List.of(driver, resumedDriver)) {
            d.beginEpoch(1);
            for (int i = 0; i < 4; i++) {
                d.step(batch);
            }
            d.endEpoch();
        }
        assertEquals(whole.mask("fc1.W"), resumed.mask("fc1.W"));
        assertEquals(net.params(), copy.params());
    }

    private static java.io.Serializable roundTrip(java.io.Serializable state) {
        try {
            var bytes = new java.io.ByteArrayOutputStream();
            try (var out = new java.io.ObjectOutputStream(bytes)) {
                out.writeObject(state);
            }
            try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
                return (java.io.Serializable) in.readObject();
            }
        } catch (java.io.IOException | ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aHighMultiplierBelowTheLowOneIsAnErrorAtHiThreshMult() {
        RecipeException e = assertThrows(RecipeException.class, () -> pruner("hi_thresh_mult", 0.5));
        assertTrue(e.problem().startsWith("hi_thresh_mult: must be at least low_thresh_mult (0.9)"), e.problem());
        assertEquals(4, e.location().line());
    }

    @Test
    void anUpdateIntervalBelowOneIsAnError() {
        RecipeException e = assertThrows(RecipeException.class, () -> pruner("mask_update_interval", 0));
        assertTrue(e.problem().startsWith("mask_update_interval:"), e.problem());
    }

    @Test
    void everyArgumentIsRead() {
        MapPolicyArgs args = MapPolicyArgs.of("sensitivities", Map.of("*", 0.5), "weights", List.of("fc1.W"),
                "low_thresh_mult", 0.8, "hi_thresh_mult", 1.2, "sensitivity_multiplier", 0.1, "mask_update_interval", 2);
        new SplicingPruner(args);
        assertEquals(java.util.Set.of(), args.unknownKeys());
    }
}
