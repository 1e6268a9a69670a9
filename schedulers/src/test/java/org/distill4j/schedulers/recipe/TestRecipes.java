package org.distill4j.schedulers.recipe;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.distill4j.policies.config.RecipeException;
import org.distill4j.schedulers.PolicyRegistry;
import org.distill4j.schedulers.testing.CountingPolicy;
import org.distill4j.schedulers.testing.NoArgPolicy;

/** A valid recipe (line numbers matter to the tests: edit with care) and helpers. */
final class TestRecipes {
    static final String SOURCE = "test.yaml";

    static final String GOOD = """
            version: 1
            model: {arch: mlp, hidden: [20, 10]}
            dataset: {name: fashion-mnist, max_train: 1000}
            training:
              epochs: 6
              batch_size: 32
              optimizer: {type: sgd, lr: 0.05, momentum: 0.9}
            pruners:
              fc:
                class: Counting
                amount: 0.5
            lr_schedulers:
              lr: {class: NoArgPolicy}
            policies:
              - pruner: {instance_name: fc}
                starting_epoch: 0
                ending_epoch: 4
                frequency: 2
              - lr_scheduler: {instance_name: lr}
                epochs: [1, 3, 5]
            """;

    private TestRecipes() {
    }

    static Recipe parse(String text, String... overrides) {
        return RecipeLoader.parse(text, SOURCE, null, List.of(overrides));
    }

    /** GOOD with one exact piece of text replaced (which must occur). */
    static String goodWith(String from, String to) {
        if (!GOOD.contains(from)) {
            throw new IllegalArgumentException("not in the recipe: " + from);
        }
        return GOOD.replace(from, to);
    }

    static RecipeException fails(String text, String... overrides) {
        return assertThrows(RecipeException.class, () -> parse(text, overrides));
    }

    static PolicyRegistry registry() {
        return PolicyRegistry.empty(TestRecipes.class.getClassLoader())
                .register("Counting", CountingPolicy.class)
                .register("NoArgPolicy", NoArgPolicy.class);
    }
}
