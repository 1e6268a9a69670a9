package org.distill4j.policies.config;

/**
 * A recipe (or a policy's arguments) is wrong. The message is one line that starts with the
 * location, e.g. {@code recipes/x.yaml:12:7: unknown key 'final_sparsty' (did you mean 'final_sparsity'?)}.
 */
public class RecipeException extends RuntimeException {
    private final RecipeLocation location;
    private final String problem;

    public RecipeException(RecipeLocation location, String problem) {
        super(location + ": " + problem);
        this.location = location;
        this.problem = problem;
    }

    public RecipeLocation location() {
        return location;
    }

    /** The message without its location. */
    public String problem() {
        return problem;
    }
}
