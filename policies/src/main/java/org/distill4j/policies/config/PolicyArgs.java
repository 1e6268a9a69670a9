package org.distill4j.policies.config;

import java.util.List;
import java.util.Map;

/**
 * The arguments a recipe gives one policy instance, e.g. everything under
 * {@code pruners: {fc: {class: AutomatedGradualPruner, ...}}} except {@code class}.
 *
 * <p>A policy reads every argument it understands in its constructor. Each getter marks the key
 * as known; after construction the loader fails on any key that no getter asked for, naming the
 * nearest known key. Wrong types and missing required keys fail in the getter, with the
 * recipe's file:line:column. Nothing is ignored silently.
 */
public interface PolicyArgs {

    /** The instance name in the recipe (the key under {@code pruners:} etc.). */
    String instanceName();

    /** Where this policy's mapping starts. */
    RecipeLocation location();

    /** Where {@code key}'s value is, or the mapping's location when the key is absent. */
    RecipeLocation locationOf(String key);

    /** Whether the recipe sets {@code key}; marks it as known. */
    boolean has(String key);

    double getDouble(String key);

    double getDouble(String key, double defaultValue);

    int getInt(String key);

    int getInt(String key, int defaultValue);

    boolean getBoolean(String key, boolean defaultValue);

    String getString(String key);

    String getString(String key, String defaultValue);

    /** An enum constant, matched case-insensitively; an unknown value names the valid ones. */
    <E extends Enum<E>> E getEnum(String key, Class<E> type, E defaultValue);

    /** A list of strings (a single string is read as a one-element list). */
    List<Located<String>> getStringList(String key);

    /** A list of integers, e.g. {@code milestones: [10, 20]}. */
    List<Integer> getIntList(String key);

    /** A mapping of names to numbers, e.g. {@code levels: {fc1.W: 0.5}}; each value carries its key's location. */
    Map<String, Located<Double>> getDoubleMap(String key);

    /** Whether {@code key}'s value is a mapping (e.g. {@code mode: {weights: .., activations: ..}}); marks it as known. */
    default boolean isMapping(String key) {
        has(key);
        return false;
    }

    /**
     * The mapping under {@code key} as arguments of their own, read with the same getters; its
     * unknown keys are errors like the policy's own (checked after the policy's constructor).
     */
    default PolicyArgs getMapping(String key) {
        throw error(key, "nested mappings are not supported by " + getClass().getSimpleName());
    }

    /**
     * A mapping of names to mappings or {@code null}, in file order, e.g.
     * {@code overrides: {"fc2": null, "conv.*": {bits_weights: 4}}}; a {@code null} value is empty.
     */
    default Map<String, java.util.Optional<PolicyArgs>> getMappings(String key) {
        throw error(key, "nested mappings are not supported by " + getClass().getSimpleName());
    }

    /** An error about {@code key}'s value, located at it. */
    default RecipeException error(String key, String problem) {
        return new RecipeException(locationOf(key), key + ": " + problem);
    }
}
