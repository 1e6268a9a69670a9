package org.distill4j.framework.experiment;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.util.ModelSerializer;
import org.distill4j.framework.models.FastLayers;
import org.distill4j.framework.models.ModelZoo;
import org.distill4j.framework.models.OptimizerSettings;
import org.distill4j.policies.config.Located;
import org.distill4j.policies.config.RecipeException;
import org.distill4j.policies.config.Suggestions;
import org.distill4j.schedulers.recipe.ModelSpec;

/** Builds the recipe's network: a zoo architecture, or a user's DL4J model zip with the recipe's optimizer. */
public final class ModelFactory {
    private ModelFactory() {
    }

    public static MultiLayerNetwork create(ModelSpec spec, long seed, OptimizerSettings optimizer) {
        if (spec.load().isPresent()) {
            return load(spec.load().get(), seed, optimizer);
        }
        Located<String> arch = spec.arch().orElseThrow();
        if (!ModelZoo.ARCHITECTURES.contains(arch.value())) {
            throw arch.error("unknown architecture '" + arch.value() + "'" + Suggestions.hint(arch.value(), ModelZoo.ARCHITECTURES));
        }
        return ModelZoo.build(arch.value(), spec.hidden(), seed, optimizer);
    }

    /** Restores a model zip and replaces its optimizer by the recipe's (a fine-tuning configuration). */
    private static MultiLayerNetwork load(Located<String> location, long seed, OptimizerSettings optimizer) {
        MultiLayerNetwork net = readModel(Path.of(location.value()), location);
        FineTuneConfiguration.Builder fineTune = new FineTuneConfiguration.Builder()
                .seed(seed).updater(optimizer.updater());
        if (optimizer.weightDecay() > 0) {
            fineTune.l2(optimizer.weightDecay());
        }
        return FastLayers.apply(new TransferLearning.Builder(net).fineTuneConfiguration(fineTune.build()).build());
    }

    /** Reads a MultiLayerNetwork zip; any problem is a one-line error naming the file. */
    public static MultiLayerNetwork readModel(Path file, Located<?> where) {
        if (!Files.isRegularFile(file)) {
            throw problem(where, file + ": no such model file");
        }
        try {
            return ModelSerializer.restoreMultiLayerNetwork(new File(file.toString()), true);
        } catch (Exception e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw problem(where, file + ": not a readable DL4J MultiLayerNetwork zip (" + why + ")");
        }
    }

    private static RuntimeException problem(Located<?> where, String message) {
        return where != null ? where.error(message) : new ModelFileException(message);
    }
}
