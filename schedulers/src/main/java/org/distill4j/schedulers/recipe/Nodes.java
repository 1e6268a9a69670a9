package org.distill4j.schedulers.recipe;

import java.util.ArrayList;
import java.util.List;
import org.distill4j.policies.config.Located;
import org.distill4j.policies.config.RecipeException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Typed reads of single nodes; a wrong type is a {@link RecipeException} naming the expected one. */
final class Nodes {
    private Nodes() {
    }

    /** "an integer", "a string", "a list", ... with the value for scalars. */
    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode s = (ScalarNode) node;
        Tag tag = s.getTag();
        if (tag.equals(Tag.NULL)) {
            return "an empty value";
        }
        String kind = tag.equals(Tag.INT) ? "an integer" : tag.equals(Tag.FLOAT) ? "a number"
                : tag.equals(Tag.BOOL) ? "a boolean" : "a string";
        return kind + " '" + s.getValue() + "'";
    }

    static RecipeException wrongType(Node node, Locator locator, String what, String expected) {
        String hint = "";
        if (expected.startsWith("a string") && node instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) {
            hint = " (quote it: '" + s.getValue() + "')";
        }
        return new RecipeException(locator.at(node), what + ": expected " + expected + ", got " + describe(node) + hint);
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    static long toLong(Node node, Locator locator, String what) {
        if (!(node instanceof ScalarNode s) || !s.getTag().equals(Tag.INT)) {
            throw wrongType(node, locator, what, "an integer");
        }
        try {
            return Long.parseLong(s.getValue().replace("_", "").replace("+", ""));
        } catch (NumberFormatException e) {
            throw new RecipeException(locator.at(node), what + ": integer out of range: " + s.getValue());
        }
    }

    static int toInt(Node node, Locator locator, String what) {
        long v = toLong(node, locator, what);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new RecipeException(locator.at(node), what + ": integer out of range: " + v);
        }
        return (int) v;
    }

    /** An integer or a decimal number; infinity and NaN are refused. */
    static double toDouble(Node node, Locator locator, String what) {
        if (!(node instanceof ScalarNode s) || !(s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT))) {
            throw wrongType(node, locator, what, "a number");
        }
        String text = s.getValue().replace("_", "");
        double v;
        String lower = text.toLowerCase();
        if (lower.endsWith(".inf") || lower.endsWith(".nan")) {
            v = Double.NaN;
        } else {
            v = Double.parseDouble(text);
        }
        if (!Double.isFinite(v)) {
            throw new RecipeException(locator.at(node), what + ": expected a finite number, got " + s.getValue());
        }
        return v;
    }

    static boolean toBoolean(Node node, Locator locator, String what) {
        if (!(node instanceof ScalarNode s) || !s.getTag().equals(Tag.BOOL)) {
            throw wrongType(node, locator, what, "a boolean (true or false)");
        }
        return s.getValue().equalsIgnoreCase("true");
    }

    static String toStringValue(Node node, Locator locator, String what) {
        if (!(node instanceof ScalarNode s) || !s.getTag().equals(Tag.STR)) {
            throw wrongType(node, locator, what, "a string");
        }
        return s.getValue();
    }

    static Located<String> toLocatedString(Node node, Locator locator, String what) {
        return new Located<>(toStringValue(node, locator, what), locator.at(node));
    }

    static MappingNode toMapping(Node node, Locator locator, String what) {
        if (!(node instanceof MappingNode m)) {
            throw wrongType(node, locator, what, "a mapping (key: value, ...)");
        }
        return m;
    }

    /** A list; a single scalar is not a list here (callers that accept one say so). */
    static List<Node> toList(Node node, Locator locator, String what) {
        if (!(node instanceof SequenceNode s)) {
            throw wrongType(node, locator, what, "a list [..]");
        }
        return s.getValue();
    }

    static List<Integer> toIntList(Node node, Locator locator, String what) {
        List<Integer> values = new ArrayList<>();
        for (Node item : toList(node, locator, what)) {
            values.add(toInt(item, locator, what + " item"));
        }
        return List.copyOf(values);
    }

    /** The text of a key node (keys are always scalars, see {@link RecipeYaml}). */
    static String keyName(Node key) {
        return ((ScalarNode) key).getValue();
    }
}
