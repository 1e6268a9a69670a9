package org.distill4j.framework.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.distill4j.framework.training.NativeThreads;
import org.distill4j.schedulers.recipe.Recipe;
import org.distill4j.schedulers.recipe.RecipeLoader;
import picocli.CommandLine.Option;

/** Options shared by commands that read a recipe. */
final class RecipeOptions {

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a recipe value, e.g. --set training.epochs=1 (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "N",
            description = "ND4J native threads (default: ${DEFAULT-VALUE}, fastest on 2 cores; see README).")
    int threads = NativeThreads.DEFAULT;

    @Option(names = "--debug", description = "Print stack traces with errors.")
    boolean debug;

    Recipe load(Path recipe) {
        return RecipeLoader.load(recipe, overrides);
    }

    /** The default recipe, found beside the distill4j installation (the launcher sets distill4j.home). */
    static Path defaultRecipe() {
        Path relative = Path.of("recipes", "fashion-mnist", "quickstart.yaml");
        String home = System.getProperty("distill4j.home");
        if (home != null && Files.exists(Path.of(home).resolve(relative))) {
            return Path.of(home).resolve(relative);
        }
        return relative;
    }
}
