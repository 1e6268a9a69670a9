package org.distill4j.schedulers.recipe;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.distill4j.policies.config.Located;
import org.distill4j.policies.config.RecipeException;
import org.distill4j.policies.config.RecipeLocation;
import org.distill4j.policies.config.Suggestions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * Reads one mapping of a recipe: typed getters with located errors, and a record of which keys
 * were asked for so that no key is ignored silently.
 */
final class MappingReader {
    private final MappingNode mapping;
    private final Locator locator;
    private final String label;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> asked = new LinkedHashSet<>();

    /**
     * @param label how messages name this mapping, e.g. {@code training} or {@code pruners.fc}
     * @param excluded keys read elsewhere (e.g. {@code class}), neither reported nor suggested
     */
    MappingReader(MappingNode mapping, Locator locator, String label, Collection<String> excluded) {
        this.mapping = mapping;
        this.locator = locator;
        this.label = label;
        for (NodeTuple t : mapping.getValue()) {
            String key = Nodes.keyName(t.getKeyNode());
            if (!excluded.contains(key)) {
                entries.put(key, t);
            }
        }
    }

    MappingReader(MappingNode mapping, Locator locator, String label) {
        this(mapping, locator, label, Set.of());
    }

    String label() {
        return label;
    }

    Locator locator() {
        return locator;
    }

    RecipeLocation location() {
        return locator.at(mapping);
    }

    /** The keys present, in file order. */
    List<String> keys() {
        return new ArrayList<>(entries.keySet());
    }

    boolean has(String key) {
        asked.add(key);
        return entries.containsKey(key);
    }

    /** Whether the key is present, without marking it as read. */
    boolean contains(String key) {
        return entries.containsKey(key);
    }

    Optional<Node> node(String key) {
        asked.add(key);
        NodeTuple t = entries.get(key);
        return t == null ? Optional.empty() : Optional.of(t.getValueNode());
    }

    Node require(String key) {
        return node(key).orElseThrow(() -> missing(key));
    }

    RecipeLocation locationOf(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? location() : locator.at(t.getValueNode());
    }

    RecipeLocation keyLocation(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? location() : locator.at(t.getKeyNode());
    }

    String what(String key) {
        return label.isEmpty() ? key : label + "." + key;
    }

    RecipeException missing(String key) {
        String typo = Suggestions.nearest(key, unasked()).map(k -> " (found '" + k + "': a typo?)").orElse("");
        return new RecipeException(location(), "missing required key '" + key + "'"
                + (label.isEmpty() ? "" : " in " + label) + typo);
    }

    RecipeException error(String key, String problem) {
        return new RecipeException(locationOf(key), what(key) + ": " + problem);
    }

    // --- typed getters -------------------------------------------------------------------

    int requireInt(String key) {
        return Nodes.toInt(require(key), locator, what(key));
    }

    int getInt(String key, int defaultValue) {
        return node(key).map(n -> Nodes.toInt(n, locator, what(key))).orElse(defaultValue);
    }

    /** An integer of at least {@code min}. */
    int getInt(String key, int defaultValue, int min) {
        int v = getInt(key, defaultValue);
        if (v < min) {
            throw error(key, "must be at least " + min + ", got " + v);
        }
        return v;
    }

    long getLong(String key, long defaultValue) {
        return node(key).map(n -> Nodes.toLong(n, locator, what(key))).orElse(defaultValue);
    }

    double requireDouble(String key) {
        return Nodes.toDouble(require(key), locator, what(key));
    }

    double getDouble(String key, double defaultValue) {
        return node(key).map(n -> Nodes.toDouble(n, locator, what(key))).orElse(defaultValue);
    }

    boolean getBoolean(String key, boolean defaultValue) {
        return node(key).map(n -> Nodes.toBoolean(n, locator, what(key))).orElse(defaultValue);
    }

    Located<String> requireString(String key) {
        return Nodes.toLocatedString(require(key), locator, what(key));
    }

    Optional<Located<String>> getString(String key) {
        return node(key).map(n -> Nodes.toLocatedString(n, locator, what(key)));
    }

    /** A string that must be one of {@code choices}; a wrong one names the nearest. */
    String requireChoice(String key, List<String> choices) {
        Located<String> v = requireString(key);
        if (!choices.contains(v.value())) {
            throw v.error(what(key) + ": unknown value '" + v.value() + "'" + Suggestions.hint(v.value(), choices));
        }
        return v.value();
    }

    MappingReader requireMapping(String key) {
        return new MappingReader(Nodes.toMapping(require(key), locator, what(key)), locator, what(key));
    }

    // --- completeness ----------------------------------------------------------------------

    /** Fails on the first key not in {@code allowed}, suggesting the nearest allowed key. */
    void rejectUnknown(Collection<String> allowed) {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw new RecipeException(locator.at(e.getValue().getKeyNode()), "unknown key '" + e.getKey() + "'"
                        + (label.isEmpty() ? "" : " in " + label) + Suggestions.hint(e.getKey(), allowed));
            }
        }
    }

    /** Fails on the first key nobody asked for, suggesting the nearest asked-for key. */
    void requireAllAsked(String whoReads) {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!asked.contains(e.getKey())) {
                String hint = asked.isEmpty() ? " (" + whoReads + " takes no arguments)"
                        : Suggestions.hint(e.getKey(), asked);
                throw new RecipeException(locator.at(e.getValue().getKeyNode()), "unknown key '" + e.getKey()
                        + "' for " + whoReads + hint);
            }
        }
    }

    private List<String> unasked() {
        List<String> keys = new ArrayList<>(entries.keySet());
        keys.removeAll(asked);
        return keys;
    }
}
