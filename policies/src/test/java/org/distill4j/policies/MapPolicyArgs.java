package org.distill4j.policies;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.distill4j.policies.config.Located;
import org.distill4j.policies.config.PolicyArgs;
import org.distill4j.policies.config.RecipeException;
import org.distill4j.policies.config.RecipeLocation;

/**
 * Policy arguments from a map, as if written in {@code test.yaml}: the n-th key is on line n + 1,
 * column 3. Records which keys were asked for, like the recipe loader.
 */
public final class MapPolicyArgs implements PolicyArgs {
    private static final String SOURCE = "test.yaml";
    private final String instanceName;
    private final Map<String, Object> values;
    private final List<String> keys;
    private final Set<String> asked = new LinkedHashSet<>();

    public MapPolicyArgs(String instanceName, Map<String, ?> values) {
        this.instanceName = instanceName;
        this.values = new LinkedHashMap<>(values);
        this.keys = new ArrayList<>(values.keySet());
    }

    /** Arguments in the given order: key, value, key, value, ... */
    public static MapPolicyArgs of(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return new MapPolicyArgs("test", map);
    }

    /** Keys present that no getter asked for. */
    public Set<String> unknownKeys() {
        Set<String> unknown = new LinkedHashSet<>(values.keySet());
        unknown.removeAll(asked);
        return unknown;
    }

    @Override
    public String instanceName() {
        return instanceName;
    }

    @Override
    public RecipeLocation location() {
        return new RecipeLocation(SOURCE, 1, 1);
    }

    @Override
    public RecipeLocation locationOf(String key) {
        int index = keys.indexOf(key);
        return index < 0 ? location() : new RecipeLocation(SOURCE, index + 2, 3);
    }

    @Override
    public boolean has(String key) {
        asked.add(key);
        return values.containsKey(key);
    }

    private Object required(String key) {
        asked.add(key);
        if (!values.containsKey(key)) {
            throw new RecipeException(location(), "missing required key '" + key + "'");
        }
        return values.get(key);
    }

    private <T> T typed(String key, Class<T> type, String what) {
        Object v = required(key);
        if (!type.isInstance(v)) {
            throw error(key, "must be " + what + ", got " + v);
        }
        return type.cast(v);
    }

    @Override
    public double getDouble(String key) {
        return typed(key, Number.class, "a number").doubleValue();
    }

    @Override
    public double getDouble(String key, double defaultValue) {
        return has(key) ? getDouble(key) : defaultValue;
    }

    @Override
    public int getInt(String key) {
        return typed(key, Integer.class, "an integer");
    }

    @Override
    public int getInt(String key, int defaultValue) {
        return has(key) ? getInt(key) : defaultValue;
    }

    @Override
    public boolean getBoolean(String key, boolean defaultValue) {
        return has(key) ? typed(key, Boolean.class, "true or false") : defaultValue;
    }

    @Override
    public String getString(String key) {
        return typed(key, String.class, "a string");
    }

    @Override
    public String getString(String key, String defaultValue) {
        return has(key) ? getString(key) : defaultValue;
    }

    @Override
    public <E extends Enum<E>> E getEnum(String key, Class<E> type, E defaultValue) {
        if (!has(key)) {
            return defaultValue;
        }
        String name = getString(key);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(name)) {
                return constant;
            }
        }
        throw error(key, "unknown value '" + name + "'");
    }

    @Override
    public List<Located<String>> getStringList(String key) {
        Object v = required(key);
        List<?> list = v instanceof List<?> l ? l : List.of(v);
        List<Located<String>> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s)) {
                throw error(key, "must be a list of strings, got " + v);
            }
            RecipeLocation at = locationOf(key);
            out.add(new Located<>(s, new RecipeLocation(SOURCE, at.line(), at.column() + 2 + i)));
        }
        return out;
    }

    @Override
    public List<Integer> getIntList(String key) {
        List<?> list = typed(key, List.class, "a list of integers");
        List<Integer> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Integer i)) {
                throw error(key, "must be a list of integers, got " + list);
            }
            out.add(i);
        }
        return out;
    }

    @Override
    public Map<String, Located<Double>> getDoubleMap(String key) {
        Map<?, ?> map = typed(key, Map.class, "a mapping of names to numbers");
        Map<String, Located<Double>> out = new LinkedHashMap<>();
        int column = locationOf(key).column() + 2;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof Number n)) {
                throw error(key, "'" + e.getKey() + "' must be a number, got " + e.getValue());
            }
            out.put(String.valueOf(e.getKey()),
                    new Located<>(n.doubleValue(), new RecipeLocation(SOURCE, locationOf(key).line(), column)));
            column += 10;
        }
        return out;
    }
}
