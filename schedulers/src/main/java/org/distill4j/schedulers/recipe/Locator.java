package org.distill4j.schedulers.recipe;

import java.util.IdentityHashMap;
import java.util.Map;
import org.distill4j.policies.config.RecipeLocation;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Turns a node into the place it was written: {@code file:line:column} from its start mark, or
 * the {@code --set ...} override that put it there.
 */
final class Locator {
    private final String source;
    private final Map<Node, RecipeLocation> overridden = new IdentityHashMap<>();

    Locator(String source) {
        this.source = source;
    }

    String source() {
        return source;
    }

    RecipeLocation at(Node node) {
        RecipeLocation o = overridden.get(node);
        if (o != null) {
            return o;
        }
        Mark mark = node.getStartMark();
        if (mark == null) {
            return RecipeLocation.of(source);
        }
        return new RecipeLocation(source, mark.getLine() + 1, mark.getColumn() + 1);
    }

    /** Every node of {@code tree} (an override's value, or a node it created) is located at {@code at}. */
    void relocateTree(Node tree, RecipeLocation at) {
        if (overridden.put(tree, at) != null) {
            return;
        }
        if (tree instanceof MappingNode mapping) {
            for (NodeTuple t : mapping.getValue()) {
                relocateTree(t.getKeyNode(), at);
                relocateTree(t.getValueNode(), at);
            }
        } else if (tree instanceof SequenceNode sequence) {
            for (Node item : sequence.getValue()) {
                relocateTree(item, at);
            }
        }
    }

    void relocate(Node node, RecipeLocation at) {
        overridden.put(node, at);
    }
}
