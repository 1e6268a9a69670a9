package org.distill4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One real run of a pruning recipe on real Fashion-MNIST images, checked through its run folder. */
class RunRecipeEndToEndTest {
    @TempDir
    static Path dir;
    static Path run;
    static SmallData.Outcome outcome;
    static JsonNode results;

    @BeforeAll
    static void runRecipe() throws Exception {
        Path recipe = SmallData.recipe(dir, "pruned.yaml", SmallData.PRUNED_MLP);
        run = dir.resolve("run");
        outcome = SmallData.distill("run", recipe.toString(), "--out", run.toString());
        results = new ObjectMapper().readTree(run.resolve("results.json").toFile());
    }

    @Test
    void exitsWithZero() {
        assertEquals(0, outcome.status(), outcome.err());
    }

    @Test
    void writesEveryFileOfARunFolder() {
        for (String name : List.of("recipe.yaml", "run.log", "metrics.csv", "results.json", "summary.txt", "model.zip",
                "accuracy.png", "sparsity.png")) {
            assertTrue(Files.isRegularFile(run.resolve(name)), name);
        }
    }

    @Test
    void resultsCarryTheDocumentedKeys() {
        JsonNode fin = results.get("final");
        for (String key : List.of("test_top1", "test_loss", "params", "nonzero_params", "weight_sparsity", "macs",
                "model_bytes")) {
            assertTrue(fin.has(key), key);
        }
        assertTrue(results.has("wall_seconds"));
        JsonNode epoch = results.get("epochs").get(0);
        for (String key : List.of("epoch", "lr", "train_loss", "val_top1", "weight_sparsity", "seconds")) {
            assertTrue(epoch.has(key), key);
        }
        assertEquals(3, results.get("epochs").size());
    }

    @Test
    void reachesTheFinalSparsityOverThePrunedLayersOnly() {
        assertEquals(0.7, results.get("final").get("weight_sparsity").asDouble(), 1e-3);
    }

    @Test
    void learnsSomethingFromRealImages() {
        assertTrue(results.get("final").get("test_top1").asDouble() > 0.6, results.get("final").toString());
    }

    @Test
    void stepLrHalvesTheRateEveryTwoEpochs() {
        JsonNode epochs = results.get("epochs");
        assertEquals(0.05, epochs.get(1).get("lr").asDouble(), 1e-9);
        assertEquals(0.025, epochs.get(2).get("lr").asDouble(), 1e-9);
    }

    @Test
    void metricsCsvHasAHeaderAndARowPerEpoch() throws Exception {
        List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(4, lines.size());
        assertTrue(lines.get(0).startsWith("epoch,lr,train_loss,val_top1"), lines.get(0));
    }

    @Test
    void savedModelKeepsItsPrunedWeightsAtZero() throws Exception {
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(new File(run.resolve("model.zip").toString()));
        double zeros = net.getLayer(0).getParam("W").eq(0).castTo(org.nd4j.linalg.api.buffer.DataType.INT)
                .sumNumber().doubleValue() / net.getLayer(0).getParam("W").length();
        assertEquals(0.7, zeros, 1e-3);
    }
}
