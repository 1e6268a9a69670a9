/**
 * Recipes: YAML text → node tree (composed safely, never constructed) → {@code --set} overrides →
 * validated, typed sections ({@link org.distill4j.schedulers.recipe.Recipe}), with every error
 * located at {@code file:line:column}. Entry point: {@link org.distill4j.schedulers.recipe.RecipeLoader}.
 */
package org.distill4j.schedulers.recipe;
