package org.distill4j.schedulers.recipe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.distill4j.policies.config.Located;
import org.distill4j.policies.config.PolicyArgs;
import org.distill4j.policies.config.RecipeException;
import org.distill4j.policies.config.RecipeLocation;
import org.distill4j.policies.config.Suggestions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * {@link PolicyArgs} over one policy instance's mapping in a recipe, without its {@code class}
 * key. Each getter marks its key as known; {@link #requireAllKnown()}, called by the loader right
 * after the policy's constructor, fails on the first key no getter asked for.
 *
 * <p>Types are strict: a string where a number is expected is an error naming both, and an
 * integer is accepted where a number is expected, but not the reverse.
 */
public final class YamlPolicyArgs implements PolicyArgs {
    /** The key that names the policy class; never passed to the policy. */
    public static final String CLASS_KEY = "class";

    private final String instanceName;
    private final MappingReader reader;
    private final Locator locator;
    private final List<YamlPolicyArgs> nested = new ArrayList<>();

    YamlPolicyArgs(String instanceName, String label, MappingNode mapping, Locator locator) {
        this.instanceName = instanceName;
        this.locator = locator;
        this.reader = new MappingReader(mapping, locator, label, Set.of(CLASS_KEY));
    }

    /**
     * Arguments from a YAML mapping given as text, e.g. {@code "final_sparsity: 0.9\nweights: [fc1.W]"};
     * for tests of a policy's constructor. Errors are located in {@code sourceName}.
     */
    public static YamlPolicyArgs of(String instanceName, String yamlMapping, String sourceName) {
        Node node = RecipeYaml.compose(yamlMapping, sourceName);
        Locator locator = new Locator(sourceName);
        MappingNode mapping = node == null || Nodes.isNull(node) ? RecipeYaml.emptyMapping()
                : Nodes.toMapping(node, locator, instanceName);
        return new YamlPolicyArgs(instanceName, instanceName, mapping, locator);
    }

    @Override
    public String instanceName() {
        return instanceName;
    }

    @Override
    public RecipeLocation location() {
        return reader.location();
    }

    @Override
    public RecipeLocation locationOf(String key) {
        return reader.locationOf(key);
    }

    /** The keys the recipe sets (without {@code class}), in file order. */
    public List<String> keys() {
        return reader.keys();
    }

    @Override
    public boolean has(String key) {
        return reader.has(key);
    }

    @Override
    public double getDouble(String key) {
        return reader.requireDouble(key);
    }

    @Override
    public double getDouble(String key, double defaultValue) {
        return reader.getDouble(key, defaultValue);
    }

    @Override
    public int getInt(String key) {
        return reader.requireInt(key);
    }

    @Override
    public int getInt(String key, int defaultValue) {
        return reader.getInt(key, defaultValue);
    }

    @Override
    public boolean getBoolean(String key, boolean defaultValue) {
        return reader.getBoolean(key, defaultValue);
    }

    @Override
    public String getString(String key) {
        return reader.requireString(key).value();
    }

    @Override
    public String getString(String key, String defaultValue) {
        return reader.getString(key).map(Located::value).orElse(defaultValue);
    }

    @Override
    public <E extends Enum<E>> E getEnum(String key, Class<E> type, E defaultValue) {
        if (!reader.has(key)) {
            return defaultValue;
        }
        Located<String> v = reader.requireString(key);
        String wanted = v.value().replace('-', '_');
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(wanted)) {
                return constant;
            }
            names.add(constant.name().toLowerCase());
        }
        throw v.error(reader.what(key) + ": unknown value '" + v.value() + "'" + Suggestions.hint(v.value(), names));
    }

    @Override
    public List<Located<String>> getStringList(String key) {
        Node node = reader.require(key);
        String what = reader.what(key);
        if (node instanceof ScalarNode) {
            return List.of(Nodes.toLocatedString(node, locator, what));
        }
        List<Located<String>> values = new ArrayList<>();
        for (Node item : Nodes.toList(node, locator, what)) {
            values.add(Nodes.toLocatedString(item, locator, what + " item"));
        }
        if (values.isEmpty()) {
            throw reader.error(key, "the list is empty");
        }
        return List.copyOf(values);
    }

    @Override
    public List<Integer> getIntList(String key) {
        return Nodes.toIntList(reader.require(key), locator, reader.what(key));
    }

    @Override
    public Map<String, Located<Double>> getDoubleMap(String key) {
        MappingNode mapping = Nodes.toMapping(reader.require(key), locator, reader.what(key));
        Map<String, Located<Double>> values = new LinkedHashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            String name = Nodes.keyName(t.getKeyNode());
            double v = Nodes.toDouble(t.getValueNode(), locator, reader.what(key) + "." + name);
            values.put(name, new Located<>(v, locator.at(t.getKeyNode())));
        }
        return java.util.Collections.unmodifiableMap(values);
    }

    @Override
    public boolean isMapping(String key) {
        return reader.has(key) && reader.require(key) instanceof MappingNode;
    }

    @Override
    public PolicyArgs getMapping(String key) {
        MappingNode mapping = Nodes.toMapping(reader.require(key), locator, reader.what(key));
        YamlPolicyArgs child = new YamlPolicyArgs(instanceName, reader.what(key), mapping, locator);
        nested.add(child);
        return child;
    }

    @Override
    public Map<String, java.util.Optional<PolicyArgs>> getMappings(String key) {
        MappingNode mapping = Nodes.toMapping(reader.require(key), locator, reader.what(key));
        Map<String, java.util.Optional<PolicyArgs>> values = new LinkedHashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            String name = Nodes.keyName(t.getKeyNode());
            String what = reader.what(key) + "." + name;
            if (Nodes.isNull(t.getValueNode())) {
                values.put(name, java.util.Optional.empty());
            } else {
                YamlPolicyArgs child = new YamlPolicyArgs(instanceName, what,
                        Nodes.toMapping(t.getValueNode(), locator, what), locator);
                nested.add(child);
                values.put(name, java.util.Optional.of(child));
            }
        }
        return java.util.Collections.unmodifiableMap(values);
    }

    /**
     * Fails on the first key that no getter asked for, naming the nearest key that was asked for.
     *
     * @throws RecipeException located at the unknown key
     */
    public void requireAllKnown() {
        reader.requireAllAsked(reader.label());
        for (YamlPolicyArgs child : nested) {
            child.requireAllKnown();
        }
    }

    @Override
    public String toString() {
        return "YamlPolicyArgs" + Arrays.asList(instanceName, reader.keys());
    }
}
