package org.distill4j.schedulers.recipe;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.distill4j.policies.config.RecipeException;
import org.distill4j.policies.config.RecipeLocation;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The one place SnakeYAML is configured. Recipes are only ever <em>composed</em> into a node tree
 * (with line and column marks); no Java object is ever constructed from a tag.
 *
 * <p>Limits: {@value #MAX_ALIASES_FOR_COLLECTIONS} aliases of lists or mappings (a "billion laughs"
 * document stops there), nesting depth {@value #MAX_NESTING_DEPTH}, {@value #MAX_CODE_POINTS} code
 * points, no duplicate keys, no tags other than YAML's core ones ({@code !!str}, {@code !!int},
 * {@code !!float}, {@code !!bool}, {@code !!null}, {@code !!seq}, {@code !!map}).
 *
 * <p>Implicit typing is YAML 1.2's core schema rather than SnakeYAML's YAML 1.1 one: {@code yes},
 * {@code no}, {@code on}, {@code off} stay strings, dates stay strings, {@code 012} is the integer 12
 * (not octal), and {@code 1e-8} is a number.
 */
final class RecipeYaml {
    static final int MAX_ALIASES_FOR_COLLECTIONS = 20;
    static final int MAX_NESTING_DEPTH = 20;
    static final int MAX_CODE_POINTS = 1_000_000;

    static final Pattern BOOL = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");
    static final Pattern INT = Pattern.compile("^[-+]?[0-9][0-9_]*$");
    static final Pattern FLOAT = Pattern.compile(
            "^[-+]?(?:[0-9][0-9_]*(?:\\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?)$"
                    + "|^[-+]?\\.(?:inf|Inf|INF)$|^\\.(?:nan|NaN|NAN)$");
    static final Pattern NULL = Pattern.compile("^(?:~|null|Null|NULL|)$");

    private static final Set<Tag> ALLOWED_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.SEQ, Tag.MAP);

    private RecipeYaml() {
    }

    /** YAML 1.2 core-schema implicit types. */
    static final class CoreResolver extends Resolver {
        // Qualified names: unqualified, BOOL etc. would be the inherited Resolver.BOOL (YAML 1.1).
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, RecipeYaml.BOOL, "tfTF");
            addImplicitResolver(Tag.INT, RecipeYaml.INT, "-+0123456789");
            addImplicitResolver(Tag.FLOAT, RecipeYaml.FLOAT, "-+.0123456789");
            addImplicitResolver(Tag.NULL, RecipeYaml.NULL, "~nN\0");
            // resolved only so that checkTree can reject '<<' with a clear message
            addImplicitResolver(Tag.MERGE, Resolver.MERGE, "<");
        }
    }

    static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES_FOR_COLLECTIONS);
        options.setNestingDepthLimit(MAX_NESTING_DEPTH);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        // Let the composer keep any tag as a plain node: nothing is ever constructed from it, and
        // checkTree below rejects every non-core tag with its line and column.
        options.setTagInspector(tag -> true);
        return options;
    }

    private static Yaml yaml() {
        LoaderOptions loading = loaderOptions();
        DumperOptions dumping = new DumperOptions();
        dumping.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        dumping.setIndent(2);
        dumping.setWidth(120);
        return new Yaml(new SafeConstructor(loading), new Representer(dumping), dumping, loading, new CoreResolver());
    }

    /**
     * Composes one YAML document into a checked node tree; null for an empty document.
     *
     * @param source the name errors start with (the file as the user wrote it)
     */
    static Node compose(String text, String source) {
        Node root;
        try {
            root = yaml().compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            throw located(e, source);
        } catch (YAMLException e) {
            throw unmarked(e, text, source);
        }
        if (root != null) {
            checkTree(root, new Locator(source), Collections.newSetFromMap(new IdentityHashMap<>()));
        }
        return root;
    }

    /** Composes the value of a {@code --set key=value} override; every error is located at the override. */
    static Node composeValue(String text, RecipeLocation at) {
        Node node;
        try {
            node = yaml().compose(new StringReader(text));
        } catch (YAMLException e) {
            String problem = e instanceof MarkedYAMLException m ? oneLine(m.getProblem()) : oneLine(e.getMessage());
            throw new RecipeException(at, "the value is not valid YAML: " + problem);
        }
        if (node == null) {
            throw new RecipeException(at, "no value after '=' (write key=value)");
        }
        Locator locator = new Locator(at.source());
        locator.relocateTree(node, at);
        checkTree(node, locator, Collections.newSetFromMap(new IdentityHashMap<>()));
        return node;
    }

    /** The tree as YAML text, in block style (flow collections stay flow). */
    static String dump(Node root) {
        StringWriter out = new StringWriter();
        yaml().serialize(root, out);
        return out.toString();
    }

    /** Rejects non-core tags, non-scalar keys and duplicate keys, with their locations. */
    private static void checkTree(Node node, Locator locator, Set<Node> seen) {
        if (!seen.add(node)) {
            return; // an alias of a node already checked
        }
        Tag tag = node.getTag();
        if (!ALLOWED_TAGS.contains(tag)) {
            String shown = tag.equals(Tag.MERGE) ? "merge key '<<'"
                    : "tag '" + (tag.getValue().startsWith(Tag.PREFIX) ? "!!" + tag.getValue().substring(Tag.PREFIX.length()) : tag.getValue()) + "'";
            throw new RecipeException(locator.at(node), shown + " is not allowed: a recipe holds only mappings, lists,"
                    + " strings, numbers and booleans, and names policies with 'class:'");
        }
        if (node instanceof MappingNode mapping) {
            Map<String, Node> keys = new HashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                Node key = tuple.getKeyNode();
                checkTree(key, locator, seen);
                if (!(key instanceof ScalarNode scalar)) {
                    throw new RecipeException(locator.at(key), "a key must be a plain name, not " + Nodes.describe(key));
                }
                Node previous = keys.putIfAbsent(scalar.getValue(), key);
                if (previous != null) {
                    throw new RecipeException(locator.at(key), "duplicate key '" + scalar.getValue()
                            + "' (first defined at " + locator.at(previous) + ")");
                }
                checkTree(tuple.getValueNode(), locator, seen);
            }
        } else if (node instanceof SequenceNode sequence) {
            for (Node item : sequence.getValue()) {
                checkTree(item, locator, seen);
            }
        }
    }

    static RecipeException located(MarkedYAMLException e, String source) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        RecipeLocation at = mark == null ? RecipeLocation.of(source)
                : new RecipeLocation(source, mark.getLine() + 1, mark.getColumn() + 1);
        StringBuilder problem = new StringBuilder("invalid YAML: ");
        if (e.getContext() != null) {
            problem.append(oneLine(e.getContext())).append(", ");
        }
        problem.append(oneLine(e.getProblem()));
        if (e.getContext() != null && e.getContextMark() != null && mark != e.getContextMark()) {
            problem.append(" (").append("started at line ").append(e.getContextMark().getLine() + 1).append(')');
        }
        RecipeException error = new RecipeException(at, problem.toString());
        error.initCause(e);
        return error;
    }

    /** SnakeYAML raises limit violations without a mark; find the place ourselves where we can. */
    private static RecipeException unmarked(YAMLException e, String text, String source) {
        String message = oneLine(e.getMessage());
        RecipeLocation at = RecipeLocation.of(source);
        if (message.contains("aliases for non-scalar nodes")) {
            at = excessAliasLocation(text, source);
            message = "too many aliases of lists or mappings (more than " + MAX_ALIASES_FOR_COLLECTIONS
                    + "; this is how a 'billion laughs' document expands)";
        } else if (message.contains("exceeds the limit")) {
            message = "the recipe is larger than " + MAX_CODE_POINTS + " characters";
        } else if (message.contains("Nesting Depth")) {
            message = "the recipe nests deeper than " + MAX_NESTING_DEPTH + " levels";
        }
        RecipeException error = new RecipeException(at, message);
        error.initCause(e);
        return error;
    }

    /** The alias event that takes the count of collection aliases over the limit. */
    private static RecipeLocation excessAliasLocation(String text, String source) {
        Set<String> collectionAnchors = new HashSet<>();
        int count = 0;
        try {
            for (Event event : yaml().parse(new StringReader(text))) {
                if (event instanceof CollectionStartEvent start && start.getAnchor() != null) {
                    collectionAnchors.add(start.getAnchor());
                } else if (event instanceof AliasEvent alias && collectionAnchors.contains(alias.getAnchor())
                        && ++count > MAX_ALIASES_FOR_COLLECTIONS) {
                    Mark mark = alias.getStartMark();
                    return new RecipeLocation(source, mark.getLine() + 1, mark.getColumn() + 1);
                }
            }
        } catch (YAMLException ignored) {
            // fall back to the file alone
        }
        return RecipeLocation.of(source);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    /** Plain, untagged key node (for keys an override creates). */
    static ScalarNode key(String name) {
        return new ScalarNode(Tag.STR, name, null, null, DumperOptions.ScalarStyle.PLAIN);
    }

    /** An empty block mapping (for sections an override creates). */
    static MappingNode emptyMapping() {
        return new MappingNode(Tag.MAP, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
    }
}
