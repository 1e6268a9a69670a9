package org.distill4j.framework.sense;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.distill4j.framework.data.DatasetException;
import org.distill4j.framework.data.DatasetLoader;
import org.distill4j.framework.data.DatasetRequest;
import org.distill4j.framework.data.ImageDataset;
import org.distill4j.framework.data.LoadedData;
import org.distill4j.framework.run.Json;
import org.distill4j.policies.config.RecipeException;
import org.distill4j.schedulers.recipe.Recipe;
import org.distill4j.schedulers.recipe.RecipeLoader;
import org.distill4j.schedulers.recipe.TrainingSpec;

/**
 * The validation split to evaluate a saved model on. The split is the end of the training file
 * shuffled with a seed, so with another seed than the model was trained with, part of it would be
 * the model's own training images. For a model.zip in a run folder the split is therefore the
 * run's: dataset, validation size and {@code training.seed} from its {@code recipe.yaml}, and the
 * data folder it read from its {@code results.json}. Command-line values override; without a run
 * folder they (or the defaults: fashion-mnist, 5000 images, seed 42) are all there is, and the
 * description says so.
 */
public record ValidationSplit(DatasetRequest request, String description) {

    /** Command-line choices; null means not given. */
    public record Choices(String dataset, Path dataPath, Integer validationSize, Long seed) {
    }

    public static ValidationSplit forModel(Path model, Choices choices) {
        Path dir = model.toAbsolutePath().getParent();
        Path recipeFile = dir == null ? null : dir.resolve("recipe.yaml");
        String name = "fashion-mnist";
        Path path = null;
        int size = DatasetRequest.DEFAULT_VALIDATION_SIZE;
        long seed = TrainingSpec.DEFAULT_SEED;
        String source;
        if (recipeFile != null && Files.isRegularFile(recipeFile)) {
            try {
                Recipe recipe = RecipeLoader.load(recipeFile, List.of());
                name = recipe.dataset().name();
                path = recipe.dataset().path().map(p -> Path.of(p.value())).orElse(null);
                size = recipe.dataset().validationSize();
                seed = recipe.training().seed();
                path = dataDirectoryOfRun(dir, path);
                source = "the run's split (" + recipeFile + ")";
            } catch (RecipeException e) {
                source = "defaults; " + recipeFile + " is unreadable (" + e.problem() + "), so the split may not "
                        + "be the one the model was validated on";
            }
        } else {
            source = "no recipe.yaml beside the model, so the split may include images the model trained on "
                    + "unless --seed and --validation-size are the training run's";
        }
        boolean overridden = choices.dataset() != null || choices.dataPath() != null || choices.validationSize() != null
                || choices.seed() != null;
        name = choices.dataset() != null ? choices.dataset() : name;
        path = choices.dataPath() != null ? choices.dataPath() : path;
        size = choices.validationSize() != null ? choices.validationSize() : size;
        seed = choices.seed() != null ? choices.seed() : seed;
        if (size < 1) {
            throw new DatasetException("--validation-size must be at least 1, got " + size);
        }
        DatasetRequest request = DatasetRequest.of(name, seed).withPath(path).withValidationSize(size);
        return new ValidationSplit(request, describe(request) + " — " + source + (overridden ? ", with command-line "
                + "overrides" : ""));
    }

    public ImageDataset load() {
        LoadedData data = DatasetLoader.fromEnvironment(true).load(request);
        return data.validation();
    }

    private static String describe(DatasetRequest r) {
        return "validation split of " + r.name() + ": " + r.validationSize() + " training images held out by seed "
                + r.seed() + " (the test set is not used)";
    }

    /** The data folder a finished run read (results.json's data.directory), else {@code fallback}. */
    private static Path dataDirectoryOfRun(Path dir, Path fallback) {
        Path results = dir.resolve("results.json");
        if (!Files.isRegularFile(results)) {
            return fallback;
        }
        try {
            JsonNode directory = Json.mapper().readTree(results.toFile()).path("data").path("directory");
            return directory.isTextual() && Files.isDirectory(Path.of(directory.asText())) ? Path.of(directory.asText())
                    : fallback;
        } catch (IOException | RuntimeException e) {
            return fallback;
        }
    }
}
