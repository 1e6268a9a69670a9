package org.distill4j.policies.config;

/**
 * Where a value came from: a recipe file with 1-based line and column, or a command-line
 * override such as {@code --set training.epochs=1} (then {@code line} and {@code column} are 0).
 */
public record RecipeLocation(String source, int line, int column) {

    public static RecipeLocation of(String source) {
        return new RecipeLocation(source, 0, 0);
    }

    @Override
    public String toString() {
        return line > 0 ? source + ":" + line + ":" + column : source;
    }
}
