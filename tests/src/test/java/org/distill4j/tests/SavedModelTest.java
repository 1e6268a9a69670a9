package org.distill4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A saved model.zip can be evaluated and used as the starting point of another recipe. */
class SavedModelTest {
    @TempDir
    static Path dir;
    static Path dense;

    @BeforeAll
    static void trainADenseModel() {
        Path recipe = SmallData.recipe(dir, "dense.yaml", """
                version: 1
                model: {arch: mlp, hidden: [64]}
                dataset: {name: fashion-mnist, path: DATA, validation_size: 200}
                training: {epochs: 2, batch_size: 64, optimizer: {type: adam, lr: 0.002}}
                """);
        assertEquals(0, SmallData.distill("run", recipe.toString(), "--out", dir.resolve("dense").toString()).status());
        dense = dir.resolve("dense/model.zip");
    }

    @Test
    void evalPrintsTestAccuracyAndThroughput() {
        SmallData.Outcome outcome = SmallData.distill("eval", dense.toString(), "--data-path", SmallData.folder().toString(),
                "--repeats", "2");
        assertEquals(0, outcome.status(), outcome.err());
        assertTrue(outcome.out().contains("test top-1 0."), outcome.out());
        assertTrue(outcome.out().contains("samples/s"), outcome.out());
    }

    @Test
    void aRecipeCanPruneAModelItLoads() throws Exception {
        Path recipe = SmallData.recipe(dir, "prune.yaml", """
                version: 1
                model: {load: %s}
                dataset: {name: fashion-mnist, path: DATA, validation_size: 200}
                training: {epochs: 1, batch_size: 64, optimizer: {type: sgd, lr: 0.01}}
                pruners:
                  once: {class: SparsityLevelParameterPruner, levels: {fc1.W: 0.5}}
                policies:
                  - pruner: {instance_name: once}
                """.formatted(dense));
        Path out = dir.resolve("pruned");
        SmallData.Outcome outcome = SmallData.distill("run", recipe.toString(), "--out", out.toString());
        assertEquals(0, outcome.status(), outcome.err());
        double sparsity = new ObjectMapper().readTree(out.resolve("results.json").toFile())
                .get("final").get("weight_sparsity").asDouble();
        assertEquals(0.5, sparsity, 1e-3);
    }
}
