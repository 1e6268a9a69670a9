package org.distill4j.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.distill4j.tests.example.InterruptOncePolicy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LeNet-5 on the small real subset: L1-ranked filter pruning (AGP 30 → 60% of conv1's and conv2's
 * filters in epochs 0 and 1), FilterRemover before epoch 2, two epochs on the thinned network.
 */
class ThinningEndToEndTest {
    static final String THINNED_LENET5 = """
            version: 1
            model: {arch: lenet5}
            dataset: {name: fashion-mnist, path: DATA, validation_size: 200}
            training:
              epochs: 4
              batch_size: 64
              seed: 7
              optimizer: {type: adam, lr: 0.002}
            pruners:
              filters:
                class: L1RankedStructureParameterPruner_AGP
                group_type: Filters
                initial_sparsity: 0.3
                final_sparsity: 0.6
                weights: [conv1.W, conv2.W]
            extensions:
              remover: {class: FilterRemover}
              stop: {class: org.distill4j.tests.example.InterruptOncePolicy}
            policies:
              - pruner: {instance_name: filters}
                starting_epoch: 0
                ending_epoch: 2
              - extension: {instance_name: remover}
                epochs: [2]
              - extension: {instance_name: stop}
                epochs: [3]
            """;

    // dense LeNet-5: conv1 20@5x5 (24x24 out), conv2 50@5x5 over 20 (8x8 out), fc1 800 -> 500, fc2 500 -> 10
    static final long DENSE_PARAMS = (20 * 25 + 20) + (50 * 20 * 25 + 50) + (800 * 500 + 500) + (500 * 10 + 10);
    static final long DENSE_MACS = 24 * 24 * 20 * 25 + 8 * 8 * 50 * 20 * 25 + 800 * 500 + 500 * 10;
    // thinned: 20 - floor(0.6 * 20) = 8 and 50 - 30 = 20 filters; fc1 sees 20 * 4 * 4 = 320 inputs
    static final long THIN_PARAMS = (8 * 25 + 8) + (20 * 8 * 25 + 20) + (320 * 500 + 500) + (500 * 10 + 10);
    static final long THIN_MACS = 24 * 24 * 8 * 25 + 8 * 8 * 20 * 8 * 25 + 320 * 500 + 500 * 10;

    @TempDir
    static Path dir;
    static Path recipe;
    static Path run;
    static SmallData.Outcome outcome;
    static JsonNode results;

    @BeforeAll
    static void runRecipe() throws Exception {
        recipe = SmallData.recipe(dir, "thinned.yaml", THINNED_LENET5);
        run = dir.resolve("run");
        outcome = SmallData.distill("run", recipe.toString(), "--out", run.toString());
        assertEquals(0, outcome.status(), outcome.err());
        results = new ObjectMapper().readTree(run.resolve("results.json").toFile());
    }

    @Test
    void theThinnedNetworkHasOverTwiceFewerParamsAndFourTimesFewerMacs() {
        JsonNode fin = results.get("final");
        assertEquals(THIN_PARAMS, fin.get("params").asLong());
        assertEquals(THIN_MACS, fin.get("macs").asLong());
        assertTrue(2 * THIN_PARAMS < DENSE_PARAMS && 4 * THIN_MACS < DENSE_MACS);
    }

    @Test
    void theThinningEpochReportsWhatWasRemoved() {
        JsonNode thinning = results.get("epochs").get(2);
        assertEquals(12 + 30, thinning.get("remover.removed").asInt());
        assertEquals(8, thinning.get("remover.conv1.units").asInt());
        assertEquals(20, thinning.get("remover.conv2.units").asInt());
        assertEquals(0.6, results.get("epochs").get(1).get("filters.target_sparsity").asDouble(), 1e-12);
    }

    @Test
    void trainingGoesOnOnTheThinnedNetwork() throws Exception {
        List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(1 + 4, rows.size(), String.join("\n", rows));
        JsonNode epochs = results.get("epochs");
        assertEquals(3, epochs.get(3).get("epoch").asInt());
        assertTrue(epochs.get(3).get("train_loss").asDouble() < epochs.get(2).get("train_loss").asDouble(), epochs.toString());
        assertTrue(results.get("final").get("test_top1").asDouble() > 0.7, results.get("final").toString());
    }

    @Test
    void theSummaryShowsTheThinnedShapes() throws Exception {
        String summary = Files.readString(run.resolve("summary.txt"));
        for (String shape : List.of("8x1x5x5", "20x8x5x5", "320x500")) {
            assertTrue(summary.contains(shape), shape + " not in\n" + summary);
        }
    }

    @Test
    void theSavedModelLoadsWithTheThinnedShapesAndScoresAsReported() throws Exception {
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(new File(run.resolve("model.zip").toString()));
        assertArrayEquals(new long[] {8, 1, 5, 5}, net.getLayer("conv1").getParam("W").shape());
        assertArrayEquals(new long[] {20, 8, 5, 5}, net.getLayer("conv2").getParam("W").shape());
        assertArrayEquals(new long[] {320, 500}, net.getLayer("fc1").getParam("W").shape());
        assertEquals(ConvolutionLayer.class, net.getLayer("conv2").conf().getLayer().getClass(), "plain DL4J layers");

        SmallData.Outcome eval = SmallData.distill("eval", run.resolve("model.zip").toString(),
                "--data-path", SmallData.folder().toString(), "--repeats", "1");
        assertEquals(0, eval.status(), eval.err());
        String top1 = String.format(Locale.ROOT, "test top-1 %.4f", results.get("final").get("test_top1").asDouble());
        assertTrue(eval.out().contains(top1), top1 + " not in " + eval.out());
    }

    @Test
    void aRunStoppedAfterTheThinningEpochResumesToTheSameModel() throws Exception {
        Path stopped = dir.resolve("stopped");
        InterruptOncePolicy.ARMED.set(true);
        SmallData.Outcome first = SmallData.distill("run", recipe.toString(), "--out", stopped.toString());
        InterruptOncePolicy.ARMED.set(false);
        assertEquals(1, first.status(), first.err());
        assertTrue(first.err().contains("interrupted before epoch 3"), first.err());
        assertEquals("epoch-0002", Files.readString(stopped.resolve("checkpoints/latest")).strip());
        assertFalse(Files.exists(stopped.resolve("results.json")));

        SmallData.Outcome resumed = SmallData.distill("run", "--resume", stopped.toString());
        assertEquals(0, resumed.status(), resumed.err());
        MultiLayerNetwork whole = ModelSerializer.restoreMultiLayerNetwork(new File(run.resolve("model.zip").toString()));
        MultiLayerNetwork again = ModelSerializer.restoreMultiLayerNetwork(new File(stopped.resolve("model.zip").toString()));
        assertEquals(whole.params(), again.params());
        assertEquals(DeterminismTest.withoutSeconds(run.resolve("metrics.csv")),
                DeterminismTest.withoutSeconds(stopped.resolve("metrics.csv")));
    }
}
