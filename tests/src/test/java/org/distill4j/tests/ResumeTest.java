package org.distill4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.distill4j.framework.cli.DistillCommand;
import org.distill4j.tests.example.InterruptOncePolicy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run stopped at any moment and resumed ends exactly where the uninterrupted run ends. */
class ResumeTest {
    @TempDir
    static Path dir;
    static Path recipe;
    static MultiLayerNetwork uninterrupted;

    static final String RECIPE = SmallData.PRUNED_MLP
            .replace("epochs: 3", "epochs: 5")
            .replace("type: sgd, lr: 0.05, momentum: 0.9", "type: adam, lr: 0.002")
            .replace("ending_epoch: 2", "ending_epoch: 4");

    @BeforeAll
    static void runUninterrupted() throws Exception {
        recipe = SmallData.recipe(dir, "resume.yaml", RECIPE);
        Path out = dir.resolve("whole");
        assertEquals(0, SmallData.distill("run", recipe.toString(), "--out", out.toString()).status());
        uninterrupted = model(out);
    }

    private static MultiLayerNetwork model(Path run) throws Exception {
        return ModelSerializer.restoreMultiLayerNetwork(new File(run.resolve("model.zip").toString()));
    }

    @Test
    void aRunKilledWithSigkillResumesToTheSameParameters() throws Exception {
        Path out = dir.resolve("killed");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DistillCommand.class.getName(),
                "run", recipe.toString(), "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile()).start();
        Path latest = out.resolve("checkpoints/latest");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!(Files.exists(latest) && Files.readString(latest).contains("epoch-0001")) && process.isAlive()
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        process.destroyForcibly().waitFor(); // SIGKILL on Linux: no shutdown hooks, no cleanup
        assertTrue(!Files.exists(out.resolve("results.json")), "killed before the end; see killed.log");

        SmallData.Outcome resumed = SmallData.distill("run", "--resume", out.toString());
        assertEquals(0, resumed.status(), resumed.err());
        assertEquals(uninterrupted.params(), model(out).params());
        assertEquals(DeterminismTest.withoutSeconds(dir.resolve("whole/metrics.csv")),
                DeterminismTest.withoutSeconds(out.resolve("metrics.csv")));
    }

    @Test
    void compareContinuesAnUnfinishedRunOfTheSameRecipe() throws Exception {
        Path stopping = SmallData.recipe(dir, "stopping.yaml", RECIPE.replace("  - lr_scheduler: {instance_name: step}\n", """
                  - lr_scheduler: {instance_name: step}
                  - extension: {instance_name: stop}
                    epochs: [2]
                extensions:
                  stop: {class: org.distill4j.tests.example.InterruptOncePolicy}
                """));
        Path out = dir.resolve("cmp");
        InterruptOncePolicy.ARMED.set(true);
        SmallData.Outcome stopped = SmallData.distill("compare", stopping.toString(), "--seeds", "1", "--out", out.toString());
        InterruptOncePolicy.ARMED.set(false);
        assertEquals(1, stopped.status(), stopped.err());

        SmallData.Outcome again = SmallData.distill("compare", stopping.toString(), "--seeds", "1", "--out", out.toString());
        assertEquals(0, again.status(), again.err());
        assertTrue(again.err().contains("continuing it"), again.err());
        assertEquals(uninterrupted.params(), model(out.resolve("stopping/seed-7")).params());
    }

    @Test
    void compareRefusesAFolderHoldingTheRecipeRunWithOtherSettingsAndRecordsItsSetValues() throws Exception {
        Path out = dir.resolve("cmp-settings");
        assertEquals(0, SmallData.distill("compare", recipe.toString(), "--seeds", "1", "--set", "training.epochs=1",
                "--out", out.toString()).status());
        assertTrue(Files.readAllLines(out.resolve("summary.csv")).get(1).contains("\"training.epochs=1\""),
                "summary.csv's overrides column holds --set values");
        SmallData.Outcome other = SmallData.distill("compare", recipe.toString(), "--seeds", "1", "--set", "training.epochs=2",
                "--out", out.toString());
        assertEquals(2, other.status(), other.err());
        assertTrue(other.err().contains("with other settings"), other.err());
    }

    @Test
    void aCompleteRunIsNotResumed() {
        SmallData.Outcome outcome = SmallData.distill("run", "--resume", dir.resolve("whole").toString());
        assertEquals(2, outcome.status());
        assertTrue(outcome.err().contains("complete"), outcome.err());
    }

    @Test
    void resumeRefusesARecipeEditedSinceTheRunStarted() throws Exception {
        Path copy = SmallData.recipe(dir, "edited.yaml", RECIPE);
        Path out = dir.resolve("edited-run");
        assertEquals(0, SmallData.distill("run", copy.toString(), "--out", out.toString(),
                "--set", "training.epochs=1").status());
        Files.delete(out.resolve("results.json"));
        Files.writeString(copy, RECIPE.replace("seed: 7", "seed: 8"));
        SmallData.Outcome outcome = SmallData.distill("run", "--resume", out.toString());
        assertEquals(2, outcome.status());
        assertTrue(outcome.err().contains("changed since the run"), outcome.err());
    }

    @Test
    void resumeTakesNoRecipeOfItsOwn() {
        assertEquals(2, SmallData.distill("run", recipe.toString(), "--resume", dir.resolve("whole").toString()).status());
    }

    @Test
    void divergenceStopsTheRunNamingTheEpochAndKeepsTheLastGoodCheckpoint() throws Exception {
        Path diverging = SmallData.recipe(dir, "diverging.yaml", RECIPE.replace(
                "step: {class: StepLR, step_size: 2, gamma: 0.5}", "step: {class: MultiStepLR, milestones: [2], gamma: 1.0e30}"));
        Path out = dir.resolve("diverged");
        SmallData.Outcome outcome = SmallData.distill("run", diverging.toString(), "--out", out.toString());
        assertEquals(1, outcome.status(), outcome.err());
        assertTrue(outcome.err().contains("epoch 2"), outcome.err());
        assertEquals(1, outcome.err().strip().lines().count(), outcome.err());
        assertEquals("epoch-0001", Files.readString(out.resolve("checkpoints/latest")).strip());
        assertTrue(!Files.exists(out.resolve("results.json")));
    }

    @Test
    void checkpointsKeepOnlyTheLatestEpoch() throws Exception {
        try (var entries = Files.list(dir.resolve("whole/checkpoints"))) {
            assertEquals(List.of("epoch-0004", "latest"),
                    entries.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
