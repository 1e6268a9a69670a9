package org.distill4j.policies.config;

/** A recipe value together with the place it was written, so later checks can point at it. */
public record Located<T>(T value, RecipeLocation location) {

    public RecipeException error(String problem) {
        return new RecipeException(location, problem);
    }
}
