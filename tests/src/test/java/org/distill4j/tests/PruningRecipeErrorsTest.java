package org.distill4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad arguments of the structured pruners, the element pruners, the regularizers and the thinning
 * extensions: {@code distill validate} ends with one line naming file:line:column, exit status 2.
 */
class PruningRecipeErrorsTest {
    static final String RECIPE = """
            version: 1
            model: {arch: lenet5}
            dataset: {name: fashion-mnist}
            training: {epochs: 6, batch_size: 64, optimizer: {type: adam, lr: 0.002}}
            pruners:
              filters:
                class: L1RankedStructureParameterPruner_AGP
                group_type: Filters
                initial_sparsity: 0.2
                final_sparsity: 0.5
                weights: [conv1.W, conv2.W]
              dns:
                class: SplicingPruner
                sensitivities: {fc1.W: 0.3}
                low_thresh_mult: 0.9
                hi_thresh_mult: 1.1
              sens:
                class: SensitivityPruner
                sensitivities: {fc2.W: 0.5}
            regularizers:
              lasso:
                class: GroupLassoRegularizer
                reg_regims: {fc1.W: 0.001}
                group_type: Rows
                threshold_criteria: Mean_Abs
                threshold: 0.001
            extensions:
              remover: {class: FilterRemover, layers: [conv1, conv2]}
            policies:
              - pruner: {instance_name: filters}
                starting_epoch: 0
                ending_epoch: 2
              - extension: {instance_name: remover}
                epochs: [2]
              - pruner: {instance_name: dns}
                epochs: [3]
              - pruner: {instance_name: sens}
                epochs: [4]
              - regularizer: {instance_name: lasso}
                epochs: [5]
            """;

    @TempDir
    Path dir;

    private void assertLocatedError(String from, String to, String location, String... fragments) {
        String text = RECIPE.replace(from, to);
        assertTrue(!text.equals(RECIPE), "the replacement changed nothing: " + from);
        SmallData.Outcome outcome = SmallData.distill("validate", SmallData.recipe(dir, "bad.yaml", text).toString());
        assertEquals(2, outcome.status(), outcome.out() + outcome.err());
        String err = outcome.err().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("distill: ") && err.contains("bad.yaml:" + location + ": "), err);
        for (String fragment : fragments) {
            assertTrue(err.contains(fragment), "expected '" + fragment + "' in: " + err);
        }
    }

    @Test
    void theRecipeItselfIsValid() {
        SmallData.Outcome outcome = SmallData.distill("validate", SmallData.recipe(dir, "ok.yaml", RECIPE).toString());
        assertEquals(0, outcome.status(), outcome.err());
    }

    @Test
    void anUnknownGroupTypeSuggestsTheNearest() {
        assertLocatedError("group_type: Filters", "group_type: Filtres", "8:17", "unknown value 'Filtres'",
                "did you mean 'filters'?");
    }

    @Test
    void aDenseGroupTypeOnConvolutionWeightsIsLocatedAtGroupType() {
        assertLocatedError("group_type: Filters", "group_type: Rows", "8:17", "conv1.W has shape [20, 1, 5, 5]",
                "needs a dense weight");
    }

    @Test
    void leaderOverWeightsWithDifferentFilterCountsIsLocatedAtGroupDependency() {
        assertLocatedError("    final_sparsity: 0.5\n", "    final_sparsity: 0.5\n    group_dependency: Leader\n", "11:23",
                "conv2.W has 50 FILTERS, the leader conv1.W has 20");
    }

    @Test
    void aFinalSparsityBelowTheInitialIsLocated() {
        assertLocatedError("final_sparsity: 0.5", "final_sparsity: 0.1", "10:21", "must be at least initial_sparsity");
    }

    @Test
    void aMisspeltArgumentIsNamed() {
        assertLocatedError("initial_sparsity: 0.2", "initial_sparsty: 0.2", "7:5", "initial_sparsty");
    }

    @Test
    void aSplicingHighMultiplierBelowTheLowOneIsLocated() {
        assertLocatedError("hi_thresh_mult: 1.1", "hi_thresh_mult: 0.5", "16:21", "must be at least low_thresh_mult");
    }

    @Test
    void aNegativeSensitivityIsLocated() {
        assertLocatedError("{fc2.W: 0.5}", "{fc2.W: -0.5}", "19:21", "'fc2.W' must be a finite number >= 0");
    }

    @Test
    void aSensitivityForAnUnknownWeightSuggestsTheNearest() {
        assertLocatedError("{fc2.W: 0.5}", "{fc3.W: 0.5}", "19:21", "'fc3.W' matches no parameter", "did you mean");
    }

    @Test
    void aGroupLassoWithoutGroupTypeIsAnError() {
        assertLocatedError("    group_type: Rows\n", "", "22:5", "group_type: is required");
    }

    @Test
    void anUnknownThresholdCriterionListsTheValidOnes() {
        assertLocatedError("Mean_Abs", "Median", "25:25", "unknown value 'Median'", "mean_abs");
    }

    @Test
    void aRemoverLayerThatNamesNoLayerIsLocated() {
        assertLocatedError("layers: [conv1, conv2]", "layers: [conv1, conv3]", "28:51", "'conv3' names no layer");
    }
}
