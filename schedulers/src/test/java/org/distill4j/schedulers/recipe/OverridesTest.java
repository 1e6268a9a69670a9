package org.distill4j.schedulers.recipe;

import static org.distill4j.schedulers.recipe.TestRecipes.GOOD;
import static org.distill4j.schedulers.recipe.TestRecipes.fails;
import static org.distill4j.schedulers.recipe.TestRecipes.goodWith;
import static org.distill4j.schedulers.recipe.TestRecipes.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.distill4j.policies.config.RecipeException;
import org.distill4j.schedulers.testing.CountingPolicy;
import org.junit.jupiter.api.Test;

class OverridesTest {

    private static void assertOverrideError(RecipeException e, String override, String... fragments) {
        assertEquals("--set " + override, e.location().toString(), e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.problem().contains(fragment), "'" + fragment + "' not in: " + e.getMessage());
        }
    }

    @Test
    void anOverrideReplacesAnIntegerWithAnInteger() {
        assertEquals(64, parse(GOOD, "training.batch_size=64").training().batchSize());
    }

    @Test
    void anOverrideValueIsYamlSoAFlowListIsAList() {
        assertEquals(List.of(100, 50), parse(GOOD, "model.hidden=[100,50]").model().hidden());
    }

    @Test
    void anOverrideCanSetAKeyTheFileLeavesToItsDefault() {
        Recipe r = parse(GOOD, "training.seed=7", "training.optimizer.weight_decay=1e-4", "dataset.path=data/fm");
        assertEquals(7L, r.training().seed());
        assertEquals(1e-4, r.training().optimizer().weightDecay());
        assertEquals(Path.of("data/fm").toAbsolutePath().toString(), r.dataset().path().orElseThrow().value());
        assertEquals("--set dataset.path=data/fm", r.dataset().path().orElseThrow().location().toString());
    }

    @Test
    void laterOverridesWin() {
        assertEquals(16, parse(GOOD, "training.batch_size=64", "training.batch_size=16").training().batchSize());
    }

    @Test
    void anOverrideCanIndexIntoThePoliciesList() {
        Recipe r = parse(GOOD, "policies.0.ending_epoch=6");
        assertEquals(Set.of(0, 2, 4), r.entries().get(0).schedule().epochs());
    }

    @Test
    void anOverrideReachesAPolicyArgument() {
        Recipe r = parse(GOOD, "pruners.fc.amount=0.25");
        CountingPolicy p = (CountingPolicy) r.buildPolicies(TestRecipes.registry()).get(0).policy();
        assertEquals(0.25, p.amount);
    }

    @Test
    void anOverrideReachesAKeyWithDotsInItsName() {
        String withLevels = goodWith("    amount: 0.5", "    amount: 0.5\n    levels: {fc1.W: 0.5, fc2.W: 0.6}");
        Recipe r = parse(withLevels, "pruners.fc.levels.fc1.W=0.75");
        CountingPolicy p = (CountingPolicy) r.buildPolicies(TestRecipes.registry()).get(0).policy();
        assertEquals(0.75, p.levels.get("fc1.W").value());
        assertEquals("test.yaml:12:14", p.levels.get("fc1.W").location().toString()); // a map value is located at its key
        assertEquals(0.6, p.levels.get("fc2.W").value());
    }

    @Test
    void anOverrideOfAPathOutsideTheSchemaFailsAtTheOverride() {
        assertOverrideError(fails(GOOD, "training.epoch=1"), "training.epoch=1",
                "unknown key 'epoch' in training", "did you mean 'epochs'?");
    }

    @Test
    void anOverrideCreatingAnUnknownSectionFailsAtTheOverride() {
        assertOverrideError(fails(GOOD, "trainer.epochs=1"), "trainer.epochs=1",
                "unknown key 'trainer'", "did you mean 'training'?");
    }

    @Test
    void anOverrideOfAnUnknownPolicyArgumentFailsAtTheOverride() {
        Recipe r = parse(GOOD, "pruners.fc.amont=0.1");
        RecipeException e = org.junit.jupiter.api.Assertions.assertThrows(RecipeException.class,
                () -> r.buildPolicies(TestRecipes.registry()));
        assertOverrideError(e, "pruners.fc.amont=0.1", "unknown key 'amont'", "did you mean 'amount'?");
    }

    @Test
    void anOverrideOfTheWrongTypeFailsAtTheOverride() {
        assertOverrideError(fails(GOOD, "training.epochs=many"), "training.epochs=many",
                "expected an integer, got a string 'many'");
    }

    @Test
    void anOverrideBelowAScalarFails() {
        assertOverrideError(fails(GOOD, "training.epochs.x=1"), "training.epochs.x=1",
                "'training.epochs' is an integer '6', not a mapping");
    }

    @Test
    void anOverrideIndexPastTheListFails() {
        assertOverrideError(fails(GOOD, "policies.5.frequency=1"), "policies.5.frequency=1", "is a list of 2");
    }

    @Test
    void anOverrideWithoutAnEqualsSignFails() {
        assertOverrideError(fails(GOOD, "training.epochs"), "training.epochs", "expected path.to.key=value");
    }

    @Test
    void anOverrideWithATagIsRejected() {
        assertOverrideError(fails(GOOD, "model.arch=!!java.io.File [x]"), "model.arch=!!java.io.File [x]",
                "tag '!!java.io.File' is not allowed");
    }

    @Test
    void shorteningTrainingWithSetCutsThePolicyWindowsAtTheNewEnd() {
        Recipe r = parse(GOOD, "training.epochs=2");
        assertEquals(2, r.training().epochs());
        for (PolicyEntry entry : r.entries()) {
            assertTrue(entry.schedule().epochs().stream().allMatch(e -> e < 2), entry.toString());
        }
    }

    @Test
    void aPolicyStartingAfterTheShortenedEndIsCutToNeverRatherThanRefused() {
        Recipe r = parse(GOOD.replace("    starting_epoch: 0\n    ending_epoch: 4\n    frequency: 2\n", "    starting_epoch: 4\n"),
                "training.epochs=2");
        assertTrue(r.entries().get(0).schedule().epochs().isEmpty(), r.entries().get(0).toString());
    }

    @Test
    void lengtheningTrainingWithSetExtendsAWindowThatEndsWithTraining() {
        Recipe r = parse(GOOD.replace("    ending_epoch: 4\n", ""), "training.epochs=30");
        assertEquals(28, r.entries().get(0).schedule().lastEpoch(), "every 2nd epoch up to the new end");
    }

    @Test
    void shorteningTrainingTogetherWithThePolicyWindowsWorks() {
        Recipe r = parse(GOOD, "training.epochs=2", "policies.0.ending_epoch=2", "policies.1.epochs=[1]");
        assertEquals(2, r.training().epochs());
        assertEquals(Set.of(0), r.entries().get(0).schedule().epochs());
    }
}
