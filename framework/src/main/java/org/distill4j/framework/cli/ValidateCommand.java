package org.distill4j.framework.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.distill4j.framework.experiment.Experiment;
import org.distill4j.schedulers.PolicyRegistry;
import org.distill4j.schedulers.Timeline;
import org.distill4j.schedulers.recipe.Recipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a recipe against its model without training and print its schedule as a timeline.")
final class ValidateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RECIPE", description = "Recipe YAML.")
    Path recipePath;

    @Mixin
    RecipeOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Recipe recipe = options.load(recipePath);
        Experiment experiment = Experiment.prepare(recipe, PolicyRegistry.discover());
        int policies = experiment.scheduler().policies().size();
        spec.commandLine().getOut().println(recipePath + ": OK (" + recipe.training().epochs() + " epochs, " + policies
                + (policies == 1 ? " scheduled policy)" : " scheduled policies)"));
        spec.commandLine().getOut().print(Timeline.render(experiment.scheduler().policies(), recipe.training().epochs()));
        return 0;
    }
}
