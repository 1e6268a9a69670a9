package org.distill4j.schedulers.recipe;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.distill4j.policies.config.Located;
import org.distill4j.policies.config.RecipeLocation;

/**
 * The recipe's {@code model:} section: exactly one of {@code arch} (a model-zoo name) or
 * {@code load} (a DL4J model zip).
 *
 * @param arch     a model-zoo architecture, e.g. {@code lenet300_100}, {@code lenet5}, {@code mlp};
 *                 not checked here (the framework's zoo checks it and raises its errors at this location).
 *                 Empty when {@code load} is set.
 * @param hidden   hidden-layer widths, only for {@code arch: mlp}; default {@link #DEFAULT_HIDDEN}
 *                 ([300, 100]); empty for every other model
 * @param load     a DL4J model zip; relative paths are resolved against the recipe file's folder
 *                 (against the working directory when the path comes from {@code --set}). The value is
 *                 the resolved path; the location is where it was written. Empty when {@code arch} is set.
 * @param location where the {@code model:} mapping is
 */
public record ModelSpec(Optional<Located<String>> arch, List<Integer> hidden, Optional<Located<String>> load,
                        RecipeLocation location) {

    /** Hidden-layer widths of {@code arch: mlp} when the recipe gives none. */
    public static final List<Integer> DEFAULT_HIDDEN = List.of(300, 100);

    public ModelSpec {
        hidden = List.copyOf(hidden);
        if (arch.isPresent() == load.isPresent()) {
            throw new IllegalArgumentException("exactly one of arch and load");
        }
    }

    /** The resolved model file, when {@code load} is set. */
    public Optional<Path> loadPath() {
        return load.map(l -> Path.of(l.value()));
    }
}
