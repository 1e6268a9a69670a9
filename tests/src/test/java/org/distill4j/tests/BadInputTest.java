package org.distill4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input ends in one line naming the problem and where, exit status 2, and nothing half-written. */
class BadInputTest {
    @TempDir
    Path dir;

    private static void assertOneLineError(SmallData.Outcome outcome, String... fragments) {
        assertEquals(2, outcome.status(), outcome.err());
        String err = outcome.err().strip();
        assertEquals(1, err.lines().count(), err);
        for (String fragment : fragments) {
            assertTrue(err.contains(fragment), "expected '" + fragment + "' in: " + err);
        }
    }

    @Test
    void missingRecipeFileIsNamed() {
        assertOneLineError(SmallData.distill("run", dir.resolve("nope.yaml").toString()), "nope.yaml", "no such recipe");
    }

    @Test
    void misspeltKeyIsLocatedAndCorrected() {
        Path recipe = SmallData.recipe(dir, "typo.yaml", SmallData.PRUNED_MLP.replace("final_sparsity", "final_sparsty"));
        assertOneLineError(SmallData.distill("validate", recipe.toString()), "typo.yaml:11:", "final_sparsty");
    }

    @Test
    void weightNameThatMatchesNothingIsLocatedWithTheNearestParameter() {
        Path recipe = SmallData.recipe(dir, "weights.yaml", SmallData.PRUNED_MLP.replace("fc2.W]", "fc4.W]"));
        assertOneLineError(SmallData.distill("validate", recipe.toString()), "weights.yaml:14:22", "fc4.W", "fc1.W");
    }

    @Test
    void unknownArchitectureSuggestsTheNearest() {
        Path recipe = SmallData.recipe(dir, "arch.yaml", SmallData.PRUNED_MLP.replace("lenet300_100", "lenet300"));
        assertOneLineError(SmallData.distill("validate", recipe.toString()), "arch.yaml:2:", "lenet300_100");
    }

    @Test
    void badOverrideIsNamed() {
        Path recipe = SmallData.recipe(dir, "ok.yaml", SmallData.PRUNED_MLP);
        assertOneLineError(SmallData.distill("validate", recipe.toString(), "--set", "training.epoch=1"), "training.epoch");
    }

    @Test
    void missingDataFolderIsNamedAndNoRunFolderIsLeft() {
        Path recipe = SmallData.recipe(dir, "data.yaml", SmallData.PRUNED_MLP.replace("path: DATA", "path: " + dir.resolve("nodata")));
        Path out = dir.resolve("out");
        assertOneLineError(SmallData.distill("run", recipe.toString(), "--out", out.toString()), "nodata");
        assertFalse(Files.exists(out));
    }

    @Test
    void existingRunIsNeverOverwritten() throws Exception {
        Path recipe = SmallData.recipe(dir, "ok.yaml", SmallData.PRUNED_MLP);
        Path out = Files.createDirectories(dir.resolve("earlier"));
        Files.writeString(out.resolve("results.json"), "{\"kept\": true}");
        assertOneLineError(SmallData.distill("run", recipe.toString(), "--out", out.toString()), "earlier", "is not empty");
        assertEquals("{\"kept\": true}", Files.readString(out.resolve("results.json")));
    }

    @Test
    void corruptModelZipIsNamed() throws Exception {
        Path zip = Files.writeString(dir.resolve("broken.zip"), "not a zip");
        assertOneLineError(SmallData.distill("eval", zip.toString(), "--data-path", SmallData.folder().toString()), "broken.zip");
    }

    @Test
    void unknownCommandLineOptionIsBadInput() {
        assertEquals(2, SmallData.distill("run", "--no-such-option").status());
    }
}
