package org.distill4j.framework.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import org.distill4j.framework.experiment.Experiment;
import org.distill4j.framework.experiment.ExperimentData;
import org.distill4j.framework.experiment.ExperimentRunner;
import org.distill4j.framework.run.RunFolder;
import org.distill4j.framework.training.NativeThreads;
import org.distill4j.framework.training.TerminalProgress;
import org.distill4j.schedulers.PolicyRegistry;
import org.distill4j.schedulers.recipe.Recipe;
import org.distill4j.framework.run.Checkpoint;
import org.distill4j.framework.run.RunFolderException;
import org.distill4j.framework.run.RunManifest;
import org.distill4j.policies.config.RecipeException;
import org.distill4j.policies.config.RecipeLocation;
import org.distill4j.schedulers.recipe.RecipeLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Train as a recipe says and write a run folder (recipe, log, metrics.csv, results.json, summary, model).")
final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "RECIPE",
            description = "Recipe YAML (default: recipes/fashion-mnist/quickstart.yaml).")
    Path recipePath;

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder (default: runs/<recipe>-<time>); must not hold a run.")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "Continue a stopped run in its folder from its last checkpoint (same recipe, same result).")
    Path resume;

    @Mixin
    RecipeOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (resume != null) {
            return resume();
        }
        Path file = recipePath != null ? recipePath : RecipeOptions.defaultRecipe();
        Recipe recipe = options.load(file);
        NativeThreads.set(options.threads);
        Experiment experiment = Experiment.prepare(recipe, PolicyRegistry.discover());
        ExperimentData data = ExperimentData.load(recipe.dataset(), recipe.training().seed());
        RunFolder folder = RunFolder.create(out != null ? out : defaultRunFolder(file));
        new ExperimentRunner(TerminalProgress.forConsole(), options.threads).run(experiment, data, folder);
        return 0;
    }

    private int resume() {
        if (recipePath != null || out != null || !options.overrides.isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    "--resume takes the recipe, overrides and folder of the run itself: give no RECIPE, --set or --out");
        }
        RunManifest manifest = RunManifest.read(resume);
        Recipe recipe = RecipeLoader.load(Path.of(manifest.recipe()), manifest.overrides());
        if (!recipe.sha256().equals(manifest.recipeSha256())) {
            throw new RecipeException(RecipeLocation.of(manifest.recipe()),
                    "the recipe changed since the run in " + resume + " started; resuming would mix two recipes");
        }
        if (Files.exists(resume.resolve("results.json"))) {
            throw new RunFolderException(resume + ": the run is complete (results.json exists)");
        }
        NativeThreads.set(options.threads);
        Experiment experiment = Experiment.prepare(recipe, PolicyRegistry.discover());
        ExperimentData data = ExperimentData.load(recipe.dataset(), recipe.training().seed());
        RunFolder folder = RunFolder.existing(resume);
        new ExperimentRunner(TerminalProgress.forConsole(), options.threads)
                .run(experiment, data, folder, Checkpoint.latest(resume));
        return 0;
    }

    private static Path defaultRunFolder(Path recipe) {
        String stem = recipe.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = Path.of("runs", stem + "-" + time);
        for (int i = 2; Files.exists(dir); i++) {
            dir = Path.of("runs", stem + "-" + time + "-" + i);
        }
        return dir;
    }
}
