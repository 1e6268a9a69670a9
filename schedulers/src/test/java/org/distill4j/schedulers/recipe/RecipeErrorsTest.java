package org.distill4j.schedulers.recipe;

import static org.distill4j.schedulers.recipe.TestRecipes.GOOD;
import static org.distill4j.schedulers.recipe.TestRecipes.fails;
import static org.distill4j.schedulers.recipe.TestRecipes.goodWith;
import static org.distill4j.schedulers.recipe.TestRecipes.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.distill4j.policies.config.RecipeException;
import org.junit.jupiter.api.Test;

/** Every class of recipe mistake names file:line:column and, for a misspelling, the nearest valid choice. */
class RecipeErrorsTest {

    private static void assertError(RecipeException e, String location, String... fragments) {
        assertEquals(location, e.location().toString(), e.getMessage());
        assertTrue(e.getMessage().startsWith(location + ": "), e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.problem().contains(fragment), "'" + fragment + "' not in: " + e.getMessage());
        }
    }

    @Test
    void anUnknownTopLevelKeyNamesTheNearestKey() {
        assertError(fails(goodWith("training:", "trainig:")), "test.yaml:4:1",
                "unknown key 'trainig'", "did you mean 'training'?");
    }

    @Test
    void anUnknownKeyInASectionNamesTheNearestKey() {
        assertError(fails(goodWith("batch_size: 32", "batch_sise: 32")), "test.yaml:6:3",
                "unknown key 'batch_sise' in training", "did you mean 'batch_size'?");
    }

    @Test
    void anUnknownKeyInAPoliciesEntryNamesTheNearestKey() {
        assertError(fails(goodWith("    frequency: 2", "    frequncy: 2")), "test.yaml:18:5",
                "did you mean 'frequency'?");
    }

    @Test
    void aStringWhereAnIntegerBelongsNamesTheExpectedType() {
        assertError(fails(goodWith("epochs: 6", "epochs: six")), "test.yaml:5:11",
                "training.epochs: expected an integer, got a string 'six'");
    }

    @Test
    void aDecimalWhereAnIntegerBelongsNamesTheExpectedType() {
        assertError(fails(goodWith("batch_size: 32", "batch_size: 32.5")), "test.yaml:6:15",
                "expected an integer, got a number '32.5'");
    }

    @Test
    void aNumberWhereAStringBelongsSuggestsQuoting() {
        assertError(fails(goodWith("name: fashion-mnist", "name: 7")), "test.yaml:3:17",
                "expected a string, got an integer '7'", "quote it");
    }

    @Test
    void anUnknownDatasetNamesTheNearest() {
        assertError(fails(goodWith("name: fashion-mnist", "name: fashion_mnist")), "test.yaml:3:17",
                "unknown value 'fashion_mnist'", "did you mean 'fashion-mnist'?");
    }

    @Test
    void theVersionMustBeOne() {
        assertError(fails(goodWith("version: 1", "version: 2")), "test.yaml:1:10", "only version 1");
    }

    @Test
    void aMissingVersionIsAnError() {
        assertError(fails(goodWith("version: 1\n", "")), "test.yaml:1:1", "missing required key 'version'");
    }

    @Test
    void aModelNeedsExactlyOneOfArchAndLoad() {
        assertError(fails(goodWith("{arch: mlp, hidden: [20, 10]}", "{arch: mlp, load: x.zip}")), "test.yaml:2:20",
                "either arch", "not both");
        assertError(fails(goodWith("{arch: mlp, hidden: [20, 10]}", "{}")), "test.yaml:2:8", "needs arch");
    }

    @Test
    void hiddenIsOnlyForMlp() {
        assertError(fails(goodWith("arch: mlp,", "arch: lenet5,")), "test.yaml:2:23", "only for arch: mlp");
    }

    @Test
    void adamRefusesMomentumAndSgdRefusesBetas() {
        assertError(fails(goodWith("type: sgd", "type: adam")), "test.yaml:7:37", "momentum is not used by adam");
        assertError(fails(goodWith("momentum: 0.9}", "beta1: 0.9}")), "test.yaml:7:36", "beta1 is only for type: adam");
    }

    @Test
    void aNonPositiveLearningRateIsAnError() {
        assertError(fails(goodWith("lr: 0.05", "lr: 0")), "test.yaml:7:30", "must be greater than 0");
    }

    @Test
    void anEndingEpochNotAfterTheStartIsAnImpossibleRange() {
        assertError(fails(goodWith("    ending_epoch: 4", "    ending_epoch: 0")), "test.yaml:17:19",
                "must be greater than starting_epoch 0", "exclusive");
    }

    @Test
    void anEndingEpochPastTrainingIsAnImpossibleRange() {
        assertError(fails(goodWith("    ending_epoch: 4", "    ending_epoch: 7")), "test.yaml:17:19",
                "7 is after the end of training", "training.epochs is 6");
    }

    @Test
    void aStartingEpochAtOrPastTheEndIsAnImpossibleRange() {
        assertError(fails(goodWith("    starting_epoch: 0", "    starting_epoch: 6")), "test.yaml:16:21",
                "6 is not before the end of training");
    }

    @Test
    void aFrequencyBelowOneIsAnError() {
        assertError(fails(goodWith("    frequency: 2", "    frequency: 0")), "test.yaml:18:16", "at least 1");
    }

    @Test
    void anEpochListOutsideTrainingIsAnError() {
        assertError(fails(goodWith("epochs: [1, 3, 5]", "epochs: [1, 3, 6]")), "test.yaml:20:20",
                "epoch 6 is outside 0..5");
    }

    @Test
    void anEpochListAndARangeTogetherAreAnError() {
        assertError(fails(goodWith("    epochs: [1, 3, 5]", "    epochs: [1, 3, 5]\n    starting_epoch: 1")),
                "test.yaml:20:5", "either epochs: [..] or starting_epoch/ending_epoch/frequency, not both");
    }

    @Test
    void anUndefinedInstanceNameNamesTheNearestDefinedOne() {
        assertError(fails(goodWith("{instance_name: lr}", "{instance_name: lrr}")), "test.yaml:19:35",
                "no lr_scheduler named 'lrr' in lr_schedulers", "did you mean 'lr'?");
    }

    @Test
    void anInstanceScheduledUnderTheWrongKindSaysWhereItIsDefined() {
        assertError(fails(goodWith("lr_scheduler: {instance_name: lr}", "pruner: {instance_name: lr}")),
                "test.yaml:19:29", "'lr' is defined in lr_schedulers");
    }

    @Test
    void anEntryWithTwoKindsIsAnError() {
        assertError(fails(goodWith("  - pruner: {instance_name: fc}", "  - pruner: {instance_name: fc}\n    quantizer: {instance_name: q}")),
                "test.yaml:16:5", "has both 'pruner' and 'quantizer'");
    }

    @Test
    void anInstanceThatIsNeverScheduledIsAnError() {
        assertError(fails(goodWith("    amount: 0.5\n", "    amount: 0.5\n  fc2: {class: Counting, amount: 0.1}\n")),
                "test.yaml:12:3", "pruner 'fc2' is defined but never scheduled");
    }

    @Test
    void instanceNamesAreUniqueAcrossSections() {
        assertError(fails(goodWith("  lr: {class: NoArgPolicy}", "  fc: {class: NoArgPolicy}")), "test.yaml:13:3",
                "'fc' is already defined in pruners at test.yaml:9:3");
    }

    @Test
    void aDuplicateKeyIsAnErrorAtTheSecondOne() {
        assertError(fails(goodWith("    amount: 0.5", "    amount: 0.5\n    amount: 0.6")), "test.yaml:12:5",
                "duplicate key 'amount'", "first defined at test.yaml:11:5");
    }

    @Test
    void aJavaTypeTagIsRejectedWhereItIsWritten() {
        String attack = "model: !!javax.script.ScriptEngineManager "
                + "[!!java.net.URLClassLoader [[!!java.net.URL [\"http://localhost/x.jar\"]]]]";
        assertError(fails(goodWith("model: {arch: mlp, hidden: [20, 10]}", attack)), "test.yaml:2:8",
                "tag '!!javax.script.ScriptEngineManager' is not allowed");
    }

    @Test
    void aLocalTagIsRejected() {
        assertError(fails(goodWith("epochs: 6", "epochs: !foo 6")), "test.yaml:5:11", "tag '!foo' is not allowed");
    }

    @Test
    void aMergeKeyIsRejected() {
        assertError(fails(goodWith("  lr: {class: NoArgPolicy}", "  lr: {<<: {class: NoArgPolicy}}")), "test.yaml:13:8",
                "merge key '<<' is not allowed");
    }

    @Test
    void aBillionLaughsAliasBombIsRejectedAtTheAliasOverTheLimit() {
        String bomb = """
                a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
                b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
                e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
                f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
                g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
                h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
                i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
                """;
        assertError(fails(bomb), "test.yaml:4:14", "too many aliases");
    }

    @Test
    void aFewAliasesAreFine() {
        String shared = goodWith("dataset: {name: fashion-mnist, max_train: 1000}",
                "dataset: &d {name: fashion-mnist, max_train: 1000}");
        assertEquals(1000, parse(shared).dataset().maxTrain());
    }

    @Test
    void brokenYamlIsLocatedFromTheParser() {
        RecipeException e = fails(goodWith("momentum: 0.9}", "momentum: 0.9"));
        assertEquals("test.yaml", e.location().source());
        assertTrue(e.location().line() >= 7, e.getMessage());
        assertTrue(e.problem().startsWith("invalid YAML: "), e.getMessage());
    }

    @Test
    void anEmptyRecipeIsAnError() {
        assertError(fails(""), "test.yaml:1:1", "the recipe is empty");
    }

    @Test
    void anUnknownPolicyClassNamesTheNearestRegisteredOne() {
        Recipe r = parse(goodWith("class: Counting", "class: Countng"));
        RecipeException e = assertThrows(RecipeException.class, () -> r.buildPolicies(TestRecipes.registry()));
        assertError(e, "test.yaml:10:12", "unknown policy class 'Countng'", "did you mean 'Counting'?");
    }

    @Test
    void anUnknownPolicyArgumentNamesTheNearestArgumentThePolicyReads() {
        Recipe r = parse(goodWith("    amount: 0.5", "    amount: 0.5\n    lable: x"));
        RecipeException e = assertThrows(RecipeException.class, () -> r.buildPolicies(TestRecipes.registry()));
        assertError(e, "test.yaml:12:5", "unknown key 'lable' for pruners.fc", "did you mean 'label'?");
    }

    @Test
    void aMisspeltRequiredArgumentPointsAtTheTypo() {
        Recipe r = parse(goodWith("    amount: 0.5", "    amout: 0.5"));
        RecipeException e = assertThrows(RecipeException.class, () -> r.buildPolicies(TestRecipes.registry()));
        assertError(e, "test.yaml:10:5", "missing required key 'amount' in pruners.fc", "found 'amout'");
    }

    @Test
    void anArgumentToAPolicyWithoutArgumentsIsUnknown() {
        Recipe r = parse(goodWith("{class: NoArgPolicy}", "{class: NoArgPolicy, gamma: 0.1}"));
        RecipeException e = assertThrows(RecipeException.class, () -> r.buildPolicies(TestRecipes.registry()));
        assertError(e, "test.yaml:13:28", "unknown key 'gamma'", "takes no arguments");
    }

    @Test
    void aPolicysIllegalArgumentBecomesALocatedError() {
        Recipe r = parse(goodWith("amount: 0.5", "amount: -1"));
        RecipeException e = assertThrows(RecipeException.class, () -> r.buildPolicies(TestRecipes.registry()));
        assertError(e, "test.yaml:10:5", "fc (CountingPolicy): amount must be at least 0");
    }

    @Test
    void aPolicysOwnRecipeErrorPropagatesUnchanged() {
        Recipe r = parse(goodWith("amount: 0.5", "amount: 2"));
        RecipeException e = assertThrows(RecipeException.class, () -> r.buildPolicies(TestRecipes.registry()));
        assertError(e, "test.yaml:11:13", "amount: must be at most 1");
    }

    @Test
    void aGoodRecipeStaysGood() {
        parse(GOOD).buildPolicies(TestRecipes.registry());
    }
}
