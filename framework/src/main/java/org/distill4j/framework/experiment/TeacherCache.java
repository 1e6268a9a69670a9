package org.distill4j.framework.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.distill4j.framework.run.RunFolder;
import org.distill4j.framework.training.NativeThreads;
import org.distill4j.framework.training.TerminalProgress;
import org.distill4j.policies.config.RecipeException;
import org.distill4j.policies.config.RecipeLocation;
import org.distill4j.policies.distillation.TeacherTrainer;
import org.distill4j.schedulers.PolicyRegistry;
import org.distill4j.schedulers.recipe.Recipe;
import org.distill4j.schedulers.recipe.RecipeLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a teacher recipe once and reuses its model while the recipe's text is unchanged: the
 * {@link TeacherTrainer} behind {@code teacher: lenet5-teacher.yaml} (registered in
 * {@code META-INF/services}).
 *
 * <p>The cache entry of a recipe is a complete run folder (recipe, run.log, metrics.csv,
 * results.json, model.zip) at {@code <root>/<sha256 of the recipe text>/}, where the root is
 * {@code $DISTILL4J_TEACHERS}, else the system property {@code distill4j.teachers}, else
 * {@code ~/.distill4j/teachers}. A run trains into a private {@code .partial-<pid>} folder and renames
 * it into place when done, so a killed run leaves no half entry and two processes training the
 * same teacher at once both end up using one complete model. The key is the text alone: editing the
 * recipe retrains; moving it does not; a change in a file the recipe refers to (its dataset path, a
 * teacher of its own) is not noticed — delete the entry to retrain.
 */
public final class TeacherCache implements TeacherTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(TeacherCache.class);
    private static final ThreadLocal<Set<Path>> IN_PROGRESS = ThreadLocal.withInitial(HashSet::new);

    /** For {@link java.util.ServiceLoader}. */
    public TeacherCache() {
    }

    /** Where cached teachers live (see the class comment). */
    public static Path root() {
        String env = System.getenv("DISTILL4J_TEACHERS");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String property = System.getProperty("distill4j.teachers");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        return Path.of(System.getProperty("user.home"), ".distill4j", "teachers");
    }

    /** The cache folder of a recipe with this text. */
    public static Path entry(String recipeText) {
        return root().resolve(sha256(recipeText));
    }

    @Override
    public Path trainedModel(Path recipe) {
        Path file = recipe.toAbsolutePath().normalize();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RecipeException(RecipeLocation.of(file.toString()), "cannot read the teacher recipe: " + e);
        }
        Path dir = entry(text);
        Path model = dir.resolve(ExperimentRunner.MODEL_FILE);
        if (Files.isRegularFile(model)) {
            LOG.info("teacher {}: reusing the model trained from the same recipe text, {}", recipe, model);
            return model;
        }
        if (!IN_PROGRESS.get().add(file)) {
            throw new RecipeException(RecipeLocation.of(file.toString()), "the teacher recipe is its own teacher "
                    + "(directly or through other teachers)");
        }
        try {
            return train(file, dir);
        } finally {
            IN_PROGRESS.get().remove(file);
        }
    }

    private static Path train(Path recipeFile, Path dir) {
        Recipe recipe = RecipeLoader.load(recipeFile, List.of());
        LOG.info("teacher {}: training it first ({} epochs); the model is cached in {}", recipeFile,
                recipe.training().epochs(), dir);
        Path partial = dir.resolveSibling(dir.getFileName() + ".partial-" + ProcessHandle.current().pid());
        try {
            deleteTree(partial);
            Experiment experiment = Experiment.prepare(recipe, PolicyRegistry.discover());
            ExperimentData data = ExperimentData.load(recipe.dataset(), recipe.training().seed());
            new ExperimentRunner(TerminalProgress.forConsole(), NativeThreads.DEFAULT)
                    .run(experiment, data, RunFolder.create(partial));
            try {
                Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                LOG.info("teacher {}: another run cached it first; using that one", recipeFile);
                deleteTree(partial);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, dir);
            }
            return dir.resolve(ExperimentRunner.MODEL_FILE);
        } catch (IOException e) {
            throw new UncheckedIOException("caching the teacher in " + dir, e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
