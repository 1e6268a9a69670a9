package org.distill4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recipe that factorizes fc1 mid-run, then {@code distill lowrank} on the model it saved. */
class LowRankEndToEndTest {
    static final String FACTORIZED_MLP = """
            version: 1
            model: {arch: lenet300_100}
            dataset: {name: fashion-mnist, path: DATA, validation_size: 200}
            training:
              epochs: 3
              batch_size: 64
              seed: 7
              optimizer: {type: nesterov, lr: 0.02, momentum: 0.9}
            extensions:
              svd: {class: LowRankFactorizer, layers: [fc1], rank: 20}
            policies:
              - extension: {instance_name: svd}
                epochs: [1]
            """;

    @TempDir
    static Path dir;
    static Path run;
    static SmallData.Outcome outcome;
    static JsonNode results;

    @BeforeAll
    static void runRecipe() throws Exception {
        Path recipe = SmallData.recipe(dir, "lowrank.yaml", FACTORIZED_MLP);
        run = dir.resolve("run");
        outcome = SmallData.distill("run", recipe.toString(), "--out", run.toString());
        results = new ObjectMapper().readTree(run.resolve("results.json").toFile());
    }

    @Test
    void trainingGoesOnOnTheFactorizedNetwork() {
        assertEquals(0, outcome.status(), outcome.err());
        JsonNode epochs = results.get("epochs");
        assertEquals(3, epochs.size());
        assertEquals(20.0, epochs.get(1).get("svd.fc1.rank").asDouble());
        assertTrue(epochs.get(2).get("train_loss").asDouble() < epochs.get(1).get("train_loss").asDouble());
        assertTrue(results.get("final").get("test_top1").asDouble() > 0.6);
    }

    @Test
    void theSummaryCountsTheNewLayers() throws Exception {
        String summary = Files.readString(run.resolve("summary.txt"));
        assertTrue(summary.contains("fc1_u") && summary.contains("fc1_v") && !summary.contains("fc1 "), summary);
        JsonNode layers = results.get("layers");
        assertEquals("fc1_u", layers.get(0).get("name").asText());
        assertEquals(784 * 20, layers.get(0).get("macs").asLong());
        assertEquals(784 * 20, layers.get(0).get("params").asLong());
        assertEquals(20 * 300, layers.get(1).get("macs").asLong());
        assertEquals(20 * 300 + 300, layers.get(1).get("params").asLong());
        assertEquals(784 * 20 + 20 * 300 + 300 + 300 * 100 + 100 + 100 * 10 + 10, results.get("final").get("params").asLong());
    }

    @Test
    void lowrankCommandReportsRanksParamsMacsAndAccuracyWithoutTraining() {
        Path saved = dir.resolve("fc2-factorized.zip");
        SmallData.Outcome lowrank = SmallData.distill("lowrank", run.resolve("model.zip").toString(), "--energy", "0.9",
                "--layers", "fc2", "--data-path", SmallData.folder().toString(), "--save", saved.toString());
        assertEquals(0, lowrank.status(), lowrank.err());
        assertTrue(lowrank.out().contains("fc2 "), lowrank.out());
        assertTrue(lowrank.out().contains("test top-1"), lowrank.out());
        assertTrue(Files.isRegularFile(saved));

        SmallData.Outcome bad = SmallData.distill("lowrank", run.resolve("model.zip").toString(), "--rank", "5000",
                "--layers", "fc2", "--data-path", SmallData.folder().toString());
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("exceeds the full rank"), bad.err());
        SmallData.Outcome both = SmallData.distill("lowrank", run.resolve("model.zip").toString(), "--rank", "5",
                "--ratio", "0.5");
        assertEquals(2, both.status());
    }
}
