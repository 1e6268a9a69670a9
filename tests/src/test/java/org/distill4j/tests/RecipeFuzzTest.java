package org.distill4j.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.distill4j.framework.experiment.Experiment;
import org.distill4j.policies.config.RecipeException;
import org.distill4j.schedulers.PolicyRegistry;
import org.distill4j.schedulers.recipe.RecipeLoader;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Mutates every shipped recipe (deleted keys, wrong types, out-of-range numbers, unknown names,
 * broken YAML) and checks that validation either accepts the result or rejects it with a
 * located {@link RecipeException} — never any other exception.
 */
class RecipeFuzzTest {
    private static final long SEED = 20261203L;
    private static final int CASES = 1200;
    private static final PolicyRegistry REGISTRY = PolicyRegistry.discover();

    @Test
    void mutatedRecipesAreAcceptedOrRejectedCleanly() throws Exception {
        List<Path> recipes;
        try (var files = Files.walk(Path.of("..", "recipes"))) {
            recipes = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        Random random = new Random(SEED);
        int cases = 0;
        int rejected = 0;
        int perRecipe = (CASES + recipes.size() - 1) / recipes.size();
        for (Path recipe : recipes) {
            String original = Files.readString(recipe);
            for (int i = 0; i < perRecipe; i++) {
                String mutated = RecipeMutator.mutate(original, random);
                cases++;
                try {
                    Experiment.prepare(RecipeLoader.parse(mutated, recipe.getFileName().toString(),
                            recipe.toAbsolutePath().getParent(), List.of()), REGISTRY);
                } catch (RecipeException e) {
                    rejected++;
                    assertTrue(e.getMessage().startsWith(recipe.getFileName().toString()),
                            "error not located in the recipe: " + e.getMessage());
                    assertTrue(e.getMessage().lines().count() == 1, "not one line: " + e.getMessage());
                } catch (RuntimeException | Error e) {
                    fail("case " + cases + " of " + recipe + " threw " + e + "\n--- mutated recipe ---\n" + mutated, e);
                }
            }
        }
        assertTrue(cases >= 1000, "only " + cases + " cases");
        assertTrue(rejected > cases / 4, "the mutator should break most recipes: " + rejected + " of " + cases);
    }

    /** Seeded structural and textual mutations of a recipe. */
    static final class RecipeMutator {
        private static final Object[] ODD_VALUES = {-1, 0, 1.5, -0.5, 1e9, "abc", "", true, List.of(), Map.of(),
                List.of(1, 2), "fc9.W", "NoSuchPolicy", null, 2147483648L, ".*", "[", "lenet6"};

        static String mutate(String text, Random random) {
            if (random.nextInt(5) == 0) {
                return breakText(text, random);
            }
            Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
            List<Object[]> slots = new ArrayList<>();
            collect(tree, slots);
            Object[] slot = slots.get(random.nextInt(slots.size()));
            mutateSlot(slot, random);
            DumperOptions options = new DumperOptions();
            options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            return new Yaml(options).dump(tree);
        }

        /** Every (container, key-or-index) pair in the tree. */
        @SuppressWarnings("unchecked")
        private static void collect(Object node, List<Object[]> slots) {
            if (node instanceof Map<?, ?> map) {
                for (Object key : List.copyOf(map.keySet())) {
                    slots.add(new Object[] {map, key});
                    collect(map.get(key), slots);
                }
            } else if (node instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    slots.add(new Object[] {list, i});
                    collect(list.get(i), slots);
                }
            }
        }

        @SuppressWarnings("unchecked")
        private static void mutateSlot(Object[] slot, Random random) {
            Object odd = ODD_VALUES[random.nextInt(ODD_VALUES.length)];
            if (slot[0] instanceof Map<?, ?> m) {
                Map<Object, Object> map = (Map<Object, Object>) m;
                switch (random.nextInt(4)) {
                    case 0 -> map.remove(slot[1]);
                    case 1 -> map.put(slot[1] + "x", map.remove(slot[1]));
                    case 2 -> map.put("unknown_" + random.nextInt(100), odd);
                    default -> map.put(slot[1], odd);
                }
            } else {
                List<Object> list = (List<Object>) slot[0];
                int index = (Integer) slot[1];
                if (random.nextBoolean()) {
                    list.remove(index);
                } else {
                    list.set(index, odd);
                }
            }
        }

        private static String breakText(String text, Random random) {
            int at = random.nextInt(text.length());
            return switch (random.nextInt(4)) {
                case 0 -> text.substring(0, at);
                case 1 -> text.substring(0, at) + "\t" + text.substring(at);
                case 2 -> text.substring(0, at) + "[{:'\"" + text.substring(at);
                default -> text.substring(0, at) + "\n  &a [*a]\n" + text.substring(at);
            };
        }
    }
}
