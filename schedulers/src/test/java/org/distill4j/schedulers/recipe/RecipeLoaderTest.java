package org.distill4j.schedulers.recipe;

import static org.distill4j.schedulers.recipe.TestRecipes.GOOD;
import static org.distill4j.schedulers.recipe.TestRecipes.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.distill4j.policies.config.RecipeException;
import org.distill4j.schedulers.ScheduledPolicy;
import org.distill4j.schedulers.testing.CountingPolicy;
import org.distill4j.schedulers.testing.NoArgPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipeLoaderTest {

    @Test
    void aGoodRecipeLoadsWithItsValuesAndDefaults() {
        Recipe r = parse(GOOD);
        assertEquals(1, r.version());
        assertEquals("mlp", r.model().arch().orElseThrow().value());
        assertEquals(List.of(20, 10), r.model().hidden());
        assertEquals("fashion-mnist", r.dataset().name());
        assertEquals(5000, r.dataset().validationSize());
        assertEquals(1000, r.dataset().maxTrain());
        assertEquals(0, r.dataset().maxTest());
        TrainingSpec t = r.training();
        assertEquals(6, t.epochs());
        assertEquals(32, t.batchSize());
        assertEquals(42L, t.seed());
        assertEquals(1000, t.evalBatchSize());
        assertEquals(OptimizerSpec.Type.SGD, t.optimizer().type());
        assertEquals(0.05, t.optimizer().lr());
        assertEquals(0.9, t.optimizer().momentum());
        assertEquals(0.0, t.optimizer().weightDecay());
    }

    @Test
    void policiesEntriesKeepRecipeOrderAndTheirSchedules() {
        List<PolicyEntry> entries = parse(GOOD).entries();
        assertEquals(2, entries.size());
        assertEquals(PolicyKind.PRUNER, entries.get(0).kind());
        assertEquals("fc", entries.get(0).instanceName());
        assertEquals(Set.of(0, 2), entries.get(0).schedule().epochs());
        assertEquals(PolicyKind.LR_SCHEDULER, entries.get(1).kind());
        assertEquals(Set.of(1, 3, 5), entries.get(1).schedule().epochs());
    }

    @Test
    void endingEpochDefaultsToTrainingEpochs() {
        Recipe r = parse(TestRecipes.goodWith("    ending_epoch: 4\n", ""));
        assertEquals(Set.of(0, 2, 4), r.entries().get(0).schedule().epochs());
    }

    @Test
    void theHashIsTheSha256OfTheOriginalText() throws Exception {
        String expected = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(GOOD.getBytes(StandardCharsets.UTF_8)));
        Recipe r = parse(GOOD, "training.batch_size=64");
        assertEquals(expected, r.sha256());
        assertEquals(GOOD, r.originalText());
    }

    @Test
    void mlpHiddenLayersDefaultTo300And100() {
        Recipe r = parse(TestRecipes.goodWith("{arch: mlp, hidden: [20, 10]}", "{arch: mlp}"));
        assertEquals(List.of(300, 100), r.model().hidden());
    }

    @Test
    void otherArchitecturesHaveNoHiddenLayersAndAreNotCheckedHere() {
        Recipe r = parse(TestRecipes.goodWith("{arch: mlp, hidden: [20, 10]}", "{arch: resnet_unknown}"));
        assertEquals("resnet_unknown", r.model().arch().orElseThrow().value());
        assertEquals("test.yaml:2:15", r.model().arch().orElseThrow().location().toString());
        assertEquals(List.of(), r.model().hidden());
    }

    @Test
    void nesterovMomentumDefaultsToPointNine() {
        Recipe r = parse(TestRecipes.goodWith("{type: sgd, lr: 0.05, momentum: 0.9}", "{type: nesterov, lr: 0.05}"));
        assertEquals(0.9, r.training().optimizer().momentum());
    }

    @Test
    void sgdMomentumDefaultsToZero() {
        Recipe r = parse(TestRecipes.goodWith("{type: sgd, lr: 0.05, momentum: 0.9}", "{type: sgd, lr: 0.05}"));
        assertEquals(0.0, r.training().optimizer().momentum());
    }

    @Test
    void adamTakesBetasAndEpsilonWithDefaults() {
        Recipe r = parse(TestRecipes.goodWith("{type: sgd, lr: 0.05, momentum: 0.9}", "{type: adam, lr: 1e-3, beta2: 0.99}"));
        OptimizerSpec o = r.training().optimizer();
        assertEquals(OptimizerSpec.Type.ADAM, o.type());
        assertEquals(1e-3, o.lr());
        assertEquals(0.9, o.beta1());
        assertEquals(0.99, o.beta2());
        assertEquals(1e-8, o.epsilon());
    }

    @Test
    void aModelLoadPathIsResolvedAgainstTheRecipeFolder(@TempDir Path dir) throws Exception {
        Path recipeFile = dir.resolve("sub/r.yaml");
        Files.createDirectories(recipeFile.getParent());
        Files.writeString(recipeFile, TestRecipes.goodWith("{arch: mlp, hidden: [20, 10]}", "{load: models/base.zip}"));
        Recipe r = RecipeLoader.load(recipeFile, List.of());
        assertEquals(dir.resolve("sub/models/base.zip").toAbsolutePath(), r.model().loadPath().orElseThrow());
        assertEquals(recipeFile.toString() + ":2:15", r.model().load().orElseThrow().location().toString());
        assertTrue(r.model().arch().isEmpty());
        assertEquals(recipeFile, r.file().orElseThrow());
    }

    @Test
    void aMissingFileIsARecipeErrorNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        RecipeException e = assertThrows(RecipeException.class, () -> RecipeLoader.load(missing, List.of()));
        assertEquals(missing.toString(), e.location().toString());
    }

    @Test
    void buildPoliciesCreatesEachInstanceInRecipeOrder() {
        List<ScheduledPolicy> built = parse(GOOD).buildPolicies(TestRecipes.registry());
        assertEquals(2, built.size());
        assertEquals("pruner", built.get(0).kind());
        assertEquals("fc", built.get(0).instanceName());
        assertEquals(0.5, ((CountingPolicy) built.get(0).policy()).amount);
        assertEquals("lr_scheduler", built.get(1).kind());
        assertTrue(built.get(1).policy() instanceof NoArgPolicy);
    }

    @Test
    void anInstanceScheduledTwiceIsOnePolicyObjectWithTwoWindows() {
        String twice = GOOD + """
                  - pruner: {instance_name: fc}
                    epochs: [5]
                """;
        List<ScheduledPolicy> built = parse(twice).buildPolicies(TestRecipes.registry());
        assertEquals(3, built.size());
        assertSame(built.get(0).policy(), built.get(2).policy());
        assertTrue(built.get(2).schedule().isActive(5));
        assertFalse(built.get(0).schedule().isActive(5));
    }

    @Test
    void theEffectiveYamlCarriesTheOverridesAndLoadsToTheSameRecipe() {
        Recipe r = parse(GOOD, "training.batch_size=64", "model.hidden=[100,50]");
        String effective = r.effectiveYaml();
        assertTrue(effective.startsWith("# recipe as run: test.yaml (sha256 " + r.sha256() + ")\n"), effective);
        assertTrue(effective.contains("# --set training.batch_size=64\n"), effective);
        Recipe again = parse(effective);
        assertEquals(64, again.training().batchSize());
        assertEquals(List.of(100, 50), again.model().hidden());
        assertEquals(r.training().seed(), again.training().seed());
        assertEquals(r.training().optimizer().momentum(), again.training().optimizer().momentum());
        assertEquals(r.dataset().maxTrain(), again.dataset().maxTrain());
        assertEquals(r.entries().size(), again.entries().size());
        assertEquals(r.entries().get(1).schedule().epochs(), again.entries().get(1).schedule().epochs());
    }

    @Test
    void emptySectionsAreAllowed() {
        Recipe r = parse("""
                version: 1
                model: {arch: lenet5}
                dataset: {name: mnist}
                training: {epochs: 1, optimizer: {type: adam, lr: 0.001}}
                pruners:
                policies: []
                """);
        assertTrue(r.definitions().isEmpty());
        assertTrue(r.buildPolicies(TestRecipes.registry()).isEmpty());
    }
}
