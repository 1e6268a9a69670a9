package org.distill4j.policies;

import java.util.Collection;

/**
 * A policy that prunes parameters. The framework reports weight sparsity over the parameters of
 * all such policies in a recipe (over every weight when there are none), so the figure means the
 * same from the first epoch on, before any mask exists.
 */
public interface PrunesParameters {

    /** The parameter names this policy prunes; available after {@link Policy#attach}. */
    Collection<String> prunedParameters();
}
