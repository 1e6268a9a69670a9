package org.distill4j.schedulers.recipe;

import java.util.List;
import java.util.Optional;
import org.distill4j.policies.config.Located;
import org.distill4j.policies.config.RecipeLocation;

/**
 * The recipe's {@code dataset:} section.
 *
 * @param name           {@code fashion-mnist} or {@code mnist} (required; see {@link #NAMES})
 * @param path           a folder with the IDX files; optional (the framework then looks in
 *                       {@code $DISTILL4J_DATA}, {@code ~/.distill4j/data}, ...). Relative paths are
 *                       resolved like {@link ModelSpec#load()}.
 * @param validationSize training examples held out for validation, ≥ 0; default {@value #DEFAULT_VALIDATION_SIZE}
 * @param maxTrain       use at most this many training examples, ≥ 0; default 0 = all
 * @param maxTest        use at most this many test examples, ≥ 0; default 0 = all
 * @param location       where the {@code dataset:} mapping is
 */
public record DatasetSpec(String name, Optional<Located<String>> path, int validationSize, int maxTrain, int maxTest,
                          RecipeLocation location) {

    /** The data sets the framework knows. */
    public static final List<String> NAMES = List.of("fashion-mnist", "mnist");
    public static final int DEFAULT_VALIDATION_SIZE = 5000;
}
