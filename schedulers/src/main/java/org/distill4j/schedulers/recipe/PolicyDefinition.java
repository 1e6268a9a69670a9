package org.distill4j.schedulers.recipe;

import org.distill4j.policies.config.Located;
import org.distill4j.policies.config.RecipeLocation;

/**
 * One policy instance defined in a section, e.g. {@code pruners: {fc: {class: ..., ...}}}.
 *
 * @param kind         the section's kind ({@link PolicyKind#PRUNER} for {@code pruners:})
 * @param instanceName the instance name ({@code fc}); unique across all sections
 * @param className    the {@code class:} value, located (resolved by the policy registry)
 * @param location     where the instance's mapping is
 */
public record PolicyDefinition(PolicyKind kind, String instanceName, Located<String> className,
                               RecipeLocation location) {
}
