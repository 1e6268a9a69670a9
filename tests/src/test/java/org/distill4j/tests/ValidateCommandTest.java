package org.distill4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsTheScheduleAsATimelineWithoutTraining() {
        Path recipe = SmallData.recipe(dir, "ok.yaml", SmallData.PRUNED_MLP);
        SmallData.Outcome outcome = SmallData.distill("validate", recipe.toString());
        assertEquals(0, outcome.status(), outcome.err());
        assertTrue(outcome.out().contains("pruner agp (AutomatedGradualPruner)  ##."), outcome.out());
        assertTrue(outcome.out().contains("lr_scheduler step (StepLR)           ###"), outcome.out());
    }

    @Test
    void everyShippedRecipeIsValid() throws Exception {
        try (var recipes = java.nio.file.Files.walk(Path.of("..", "recipes"))) {
            for (Path recipe : recipes.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                SmallData.Outcome outcome = SmallData.distill("validate", recipe.toString());
                assertEquals(0, outcome.status(), recipe + ": " + outcome.err());
            }
        }
    }
}
