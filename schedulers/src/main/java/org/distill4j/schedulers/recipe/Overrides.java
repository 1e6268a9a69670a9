package org.distill4j.schedulers.recipe;

import java.util.List;
import org.distill4j.policies.config.RecipeException;
import org.distill4j.policies.config.RecipeLocation;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Applies {@code --set path.to.key=value} overrides to a recipe's node tree before validation.
 *
 * <p>The value is YAML ({@code epochs=1} is an integer, {@code hidden=[100,50]} a list,
 * {@code name=mnist} a string). A path segment is a key of a mapping — the longest run of segments
 * that names an existing key wins, so {@code pruners.fc.levels.fc1.W=0.5} reaches the key
 * {@code fc1.W} — or an index into a list ({@code policies.0.ending_epoch=4}). Missing keys and
 * mappings are created; whether they belong there is then decided by the same validation as the
 * file's own keys, and every error about them is located at the override
 * ({@code --set training.epoch=1: unknown key 'epoch' in training (did you mean 'epochs'?)}).
 *
 * <p>Overrides apply in order; a later one wins. A node shared through a YAML alias is changed
 * everywhere the alias is used.
 */
final class Overrides {
    private Overrides() {
    }

    static RecipeLocation locationOf(String override) {
        return RecipeLocation.of("--set " + override);
    }

    static void apply(MappingNode root, List<String> overrides, Locator locator) {
        for (String override : overrides) {
            apply(root, override, locator);
        }
    }

    private static void apply(MappingNode root, String override, Locator locator) {
        RecipeLocation at = locationOf(override);
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new RecipeException(at, "expected path.to.key=value");
        }
        String path = override.substring(0, eq).trim();
        String[] segments = path.split("\\.", -1);
        for (String s : segments) {
            if (s.isEmpty()) {
                throw new RecipeException(at, "empty key in path '" + path + "'");
            }
        }
        Node value = RecipeYaml.composeValue(override.substring(eq + 1), at);
        locator.relocateTree(value, at);

        Node current = root;
        int i = 0;
        while (true) {
            String reached = String.join(".", java.util.Arrays.copyOfRange(segments, 0, i));
            if (current instanceof MappingNode mapping) {
                int tupleIndex = -1;
                int taken = 0;
                for (int k = segments.length - i; k >= 1 && tupleIndex < 0; k--) {
                    String key = String.join(".", java.util.Arrays.copyOfRange(segments, i, i + k));
                    tupleIndex = indexOf(mapping, key);
                    taken = k;
                }
                List<NodeTuple> tuples = mapping.getValue();
                if (tupleIndex < 0) {
                    Node key = RecipeYaml.key(segments[i]);
                    locator.relocate(key, at);
                    if (i == segments.length - 1) {
                        tuples.add(new NodeTuple(key, value));
                        return;
                    }
                    MappingNode created = RecipeYaml.emptyMapping();
                    locator.relocate(created, at);
                    tuples.add(new NodeTuple(key, created));
                    current = created;
                    i++;
                    continue;
                }
                NodeTuple tuple = tuples.get(tupleIndex);
                i += taken;
                if (i == segments.length) {
                    tuples.set(tupleIndex, new NodeTuple(tuple.getKeyNode(), value));
                    return;
                }
                if (Nodes.isNull(tuple.getValueNode())) { // e.g. an empty "pruners:" section
                    MappingNode created = RecipeYaml.emptyMapping();
                    locator.relocate(created, at);
                    tuples.set(tupleIndex, new NodeTuple(tuple.getKeyNode(), created));
                    current = created;
                } else {
                    current = tuple.getValueNode();
                }
            } else if (current instanceof SequenceNode sequence) {
                List<Node> items = sequence.getValue();
                int index;
                try {
                    index = Integer.parseInt(segments[i]);
                } catch (NumberFormatException e) {
                    index = -1;
                }
                if (index < 0 || index >= items.size()) {
                    throw new RecipeException(at, "'" + reached + "' is a list of " + items.size()
                            + ": '" + segments[i] + "' is not an index 0.." + (items.size() - 1));
                }
                i++;
                if (i == segments.length) {
                    items.set(index, value);
                    return;
                }
                current = items.get(index);
            } else {
                throw new RecipeException(at, "'" + reached + "' is " + Nodes.describe(current)
                        + ", not a mapping: cannot set '" + path + "'");
            }
        }
    }

    private static int indexOf(MappingNode mapping, String key) {
        List<NodeTuple> tuples = mapping.getValue();
        for (int j = 0; j < tuples.size(); j++) {
            if (Nodes.keyName(tuples.get(j).getKeyNode()).equals(key)) {
                return j;
            }
        }
        return -1;
    }
}
