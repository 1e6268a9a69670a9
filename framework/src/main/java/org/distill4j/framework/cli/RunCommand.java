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
import picocli.CommandLine.Command;
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

    @Mixin
    RecipeOptions options;

    @Override
    public Integer call() {
        Path file = recipePath != null ? recipePath : RecipeOptions.defaultRecipe();
        Recipe recipe = options.load(file);
        NativeThreads.set(options.threads);
        Experiment experiment = Experiment.prepare(recipe, PolicyRegistry.discover());
        ExperimentData data = ExperimentData.load(recipe.dataset(), recipe.training().seed());
        RunFolder folder = RunFolder.create(out != null ? out : defaultRunFolder(file));
        new ExperimentRunner(TerminalProgress.forConsole(), options.threads).run(experiment, data, folder);
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
