package org.distill4j.policies.pruning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoublePredicate;
import org.distill4j.policies.ModelParameters;
import org.distill4j.policies.config.Located;
import org.distill4j.policies.config.PolicyArgs;
import org.distill4j.policies.config.RecipeException;
import org.distill4j.policies.config.RecipeLocation;
import org.distill4j.policies.config.Suggestions;
import org.distill4j.policies.config.WeightPatterns;

/**
 * A number per weight with Distiller's {@code '*'} default, e.g.
 * {@code levels: {fc1.W: 0.5, fc2.W: 0.6, '*': 0.3}}, plus the optional {@code weights} list.
 *
 * <ul>
 * <li>With {@code weights}, those are the pruned tensors; each takes the value of the first key
 *     naming it (literally, else as a whole-name regular expression, in recipe order), else the
 *     {@code '*'} value. A weight with neither, or a key that names none of the weights, is an
 *     error.</li>
 * <li>Without {@code weights}, the keys themselves name the pruned tensors, and {@code '*'} stands
 *     for every other weight tensor of the model ({@link ModelParameters#weightNames()}: no biases
 *     or normalization statistics — Distiller's {@code '*'} also reaches biases, which nobody means
 *     to prune by magnitude).</li>
 * </ul>
 */
final class PerWeightValues {
    static final String DEFAULT_KEY = "*";

    private final String key;
    private final Map<String, Located<Double>> explicit = new LinkedHashMap<>();
    private final Located<Double> defaultValue;
    private final WeightPatterns weights;
    private final RecipeLocation weightsLocation;

    /**
     * Reads {@code key} (a mapping) and the optional {@code weights}; every value must pass
     * {@code valid}, else the error says it {@code rule} (e.g. "must be in [0, 1)").
     */
    PerWeightValues(PolicyArgs args, String key, DoublePredicate valid, String rule) {
        this.key = key;
        Map<String, Located<Double>> values = args.getDoubleMap(key);
        this.weights = args.has("weights") ? new WeightPatterns(args.getStringList("weights")) : null;
        this.weightsLocation = args.locationOf("weights");
        Located<Double> star = null;
        for (Map.Entry<String, Located<Double>> e : values.entrySet()) {
            Located<Double> v = e.getValue();
            if (v.value() == null || !valid.test(v.value())) {
                throw v.error(key + ": '" + e.getKey() + "' " + rule + ", got " + v.value());
            }
            if (e.getKey().equals(DEFAULT_KEY)) {
                star = v;
            } else {
                explicit.put(e.getKey(), v);
            }
        }
        this.defaultValue = star;
        if (values.isEmpty()) {
            throw args.error(key, "must give at least one weight name or '*'");
        }
        if (weights != null && weights.patterns().isEmpty()) {
            throw args.error("weights", "must name at least one weight");
        }
    }

    /** The value for each pruned weight, in network order. */
    Map<String, Double> resolve(ModelParameters parameters) {
        List<String> names = weights != null ? weights.resolve(parameters.names()) : namesFromKeys(parameters);
        Map<String, Double> resolved = new LinkedHashMap<>();
        Set<String> usedKeys = new LinkedHashSet<>();
        for (String name : names) {
            String k = keyFor(name);
            if (k != null) {
                usedKeys.add(k);
                resolved.put(name, explicit.get(k).value());
            } else if (defaultValue != null) {
                resolved.put(name, defaultValue.value());
            } else {
                throw new RecipeException(weightsLocation, "weights: '" + name + "' has no entry in " + key
                        + " and there is no '*' default");
            }
        }
        for (Map.Entry<String, Located<Double>> e : explicit.entrySet()) {
            if (!usedKeys.contains(e.getKey())) {
                throw e.getValue().error(key + ": '" + e.getKey() + "' names none of the pruned weights "
                        + names + Suggestions.hint(e.getKey(), names));
            }
        }
        return resolved;
    }

    private List<String> namesFromKeys(ModelParameters parameters) {
        Set<String> matched = new LinkedHashSet<>();
        for (Map.Entry<String, Located<Double>> e : explicit.entrySet()) {
            Located<String> pattern = new Located<>(e.getKey(), e.getValue().location());
            List<String> hits = WeightPatterns.matches(pattern, parameters.names());
            if (hits.isEmpty()) {
                throw pattern.error(key + ": '" + e.getKey() + "' matches no parameter"
                        + Suggestions.hint(e.getKey(), parameters.names()));
            }
            matched.addAll(hits);
        }
        if (defaultValue != null) {
            matched.addAll(parameters.weightNames());
        }
        List<String> ordered = new ArrayList<>();
        for (String name : parameters.names()) {
            if (matched.contains(name)) {
                ordered.add(name);
            }
        }
        return ordered;
    }

    /** The first key naming {@code name} literally, else the first matching it as a regex; null if none. */
    private String keyFor(String name) {
        if (explicit.containsKey(name)) {
            return name;
        }
        for (Map.Entry<String, Located<Double>> e : explicit.entrySet()) {
            Located<String> pattern = new Located<>(e.getKey(), e.getValue().location());
            if (WeightPatterns.matches(pattern, List.of(name)).contains(name)) {
                return e.getKey();
            }
        }
        return null;
    }
}
