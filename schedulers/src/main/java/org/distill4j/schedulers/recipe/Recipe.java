package org.distill4j.schedulers.recipe;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.distill4j.policies.Policy;
import org.distill4j.policies.config.RecipeException;
import org.distill4j.schedulers.PolicyRegistry;
import org.distill4j.schedulers.ScheduledPolicy;
import org.yaml.snakeyaml.nodes.MappingNode;

/**
 * A validated recipe: the text it came from, the overrides applied, and its typed sections.
 * Obtain one from {@link RecipeLoader}; turn its schedule into policies with
 * {@link #buildPolicies(PolicyRegistry)}.
 *
 * <p>Everything here has been checked except what needs the model or the policy classes: the
 * model zoo checks {@link ModelSpec#arch()}, the {@link PolicyRegistry} checks each {@code class:},
 * and each policy checks its own arguments in {@link #buildPolicies}.
 */
public final class Recipe {
    private final Optional<Path> file;
    private final String sourceName;
    private final String originalText;
    private final String sha256;
    private final List<String> overrides;
    private final MappingNode effectiveTree;
    private final Locator locator;
    private final int version;
    private final ModelSpec model;
    private final DatasetSpec dataset;
    private final TrainingSpec training;
    private final Map<String, PolicyDefinition> definitions;
    private final Map<String, MappingNode> definitionNodes;
    private final List<PolicyEntry> entries;

    Recipe(Optional<Path> file, String sourceName, String originalText, List<String> overrides,
           MappingNode effectiveTree, Locator locator, RecipeParser parsed) {
        this.file = file;
        this.sourceName = sourceName;
        this.originalText = originalText;
        this.sha256 = sha256(originalText);
        this.overrides = List.copyOf(overrides);
        this.effectiveTree = effectiveTree;
        this.locator = locator;
        this.version = parsed.version;
        this.model = parsed.model;
        this.dataset = parsed.dataset;
        this.training = parsed.training;
        this.definitions = new LinkedHashMap<>(parsed.definitions);
        this.definitionNodes = new LinkedHashMap<>(parsed.definitionNodes);
        this.entries = List.copyOf(parsed.entries);
    }

    /** The recipe file, when it was loaded from one. */
    public Optional<Path> file() {
        return file;
    }

    /** The name every error location starts with (the path as given to the loader). */
    public String sourceName() {
        return sourceName;
    }

    /** The file's text, unchanged. */
    public String originalText() {
        return originalText;
    }

    /** SHA-256 of {@link #originalText()} (UTF-8), lowercase hex. */
    public String sha256() {
        return sha256;
    }

    /** The {@code --set} overrides applied, in order, without the {@code --set} prefix. */
    public List<String> overrides() {
        return overrides;
    }

    /**
     * The recipe as run: the overridden tree as YAML, after a comment header naming the source, its
     * hash and the overrides. Comments of the original are not kept (the original text is, in
     * {@link #originalText()}). Loading this text gives the same recipe, except that relative
     * {@code load}/{@code path} values were relative to the original recipe's folder.
     */
    public String effectiveYaml() {
        StringBuilder out = new StringBuilder();
        out.append("# recipe as run: ").append(sourceName).append(" (sha256 ").append(sha256).append(")\n");
        for (String o : overrides) {
            out.append("# --set ").append(o.replaceAll("\\R", " ")).append('\n');
        }
        out.append(RecipeYaml.dump(effectiveTree));
        return out.toString();
    }

    /** Always 1 (Distiller's schedule schema version). */
    public int version() {
        return version;
    }

    public ModelSpec model() {
        return model;
    }

    public DatasetSpec dataset() {
        return dataset;
    }

    public TrainingSpec training() {
        return training;
    }

    /** Every policy instance defined in the sections, in file order (sections in {@link PolicyKind} order). */
    public List<PolicyDefinition> definitions() {
        return List.copyOf(definitions.values());
    }

    /** The {@code policies:} entries, in recipe order. */
    public List<PolicyEntry> entries() {
        return entries;
    }

    /**
     * Creates the policies and pairs them with their schedules, in recipe order.
     *
     * <p>Each instance is constructed once, when its first entry is reached, and
     * {@link YamlPolicyArgs#requireAllKnown()} is called right after its constructor. An instance
     * scheduled by several entries (say two windows) gives several {@link ScheduledPolicy} values
     * that share the one policy object, as in Distiller: its state carries over between the windows,
     * and in an epoch where two of its windows overlap its hooks run once per entry.
     *
     * <p>Each call builds new policy objects.
     *
     * @throws RecipeException an unknown {@code class:}, a policy's argument error, or an unknown
     *                         argument, located in the recipe
     */
    public List<ScheduledPolicy> buildPolicies(PolicyRegistry registry) {
        Map<String, Policy> built = new LinkedHashMap<>();
        List<ScheduledPolicy> scheduled = new ArrayList<>();
        for (PolicyEntry entry : entries) {
            Policy policy = built.get(entry.instanceName());
            if (policy == null) {
                policy = create(registry, definitions.get(entry.instanceName()));
                built.put(entry.instanceName(), policy);
            }
            scheduled.add(new ScheduledPolicy(entry.kind().key(), entry.instanceName(), policy, entry.schedule()));
        }
        return List.copyOf(scheduled);
    }

    /** The arguments of one defined instance, fresh (nothing asked yet); for tools and tests. */
    public YamlPolicyArgs argsOf(String instanceName) {
        PolicyDefinition d = definitions.get(instanceName);
        if (d == null) {
            throw new IllegalArgumentException("no instance '" + instanceName + "' in " + sourceName);
        }
        return new YamlPolicyArgs(instanceName, d.kind().section() + "." + instanceName,
                definitionNodes.get(instanceName), locator);
    }

    private Policy create(PolicyRegistry registry, PolicyDefinition definition) {
        YamlPolicyArgs args = argsOf(definition.instanceName());
        Policy policy = registry.create(definition.className(), args);
        args.requireAllKnown();
        return policy;
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    @Override
    public String toString() {
        return "Recipe[" + sourceName + ", sha256 " + sha256.substring(0, 12) + ", overrides " + overrides + "]";
    }
}
