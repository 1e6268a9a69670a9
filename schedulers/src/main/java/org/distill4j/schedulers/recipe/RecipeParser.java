package org.distill4j.schedulers.recipe;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.distill4j.policies.config.Located;
import org.distill4j.policies.config.RecipeException;
import org.distill4j.policies.config.RecipeLocation;
import org.distill4j.policies.config.Suggestions;
import org.distill4j.schedulers.EpochSchedule;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/** Validates a composed (and overridden) recipe tree into typed sections. One error at a time, in section order. */
final class RecipeParser {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RecipeParser.class);
    static final List<String> TOP_LEVEL_KEYS;

    static {
        List<String> keys = new ArrayList<>(List.of("version", "model", "dataset", "training"));
        keys.addAll(PolicyKind.sections());
        keys.add("policies");
        TOP_LEVEL_KEYS = List.copyOf(keys);
    }

    static final List<String> MODEL_KEYS = List.of("arch", "hidden", "load");
    static final List<String> DATASET_KEYS = List.of("name", "path", "validation_size", "max_train", "max_test");
    static final List<String> TRAINING_KEYS = List.of("epochs", "batch_size", "seed", "eval_batch_size", "optimizer");
    static final List<String> OPTIMIZER_KEYS = List.of("type", "lr", "momentum", "weight_decay", "beta1", "beta2", "epsilon");
    static final List<String> ADAM_ONLY_KEYS = List.of("beta1", "beta2", "epsilon");
    static final List<String> RANGE_KEYS = List.of("starting_epoch", "ending_epoch", "frequency");
    static final List<String> ENTRY_KEYS;

    static {
        List<String> keys = new ArrayList<>(PolicyKind.keys());
        keys.addAll(RANGE_KEYS);
        keys.add("epochs");
        ENTRY_KEYS = List.copyOf(keys);
    }

    private final Locator locator;
    private final Path baseDir;

    // results
    int version;
    ModelSpec model;
    DatasetSpec dataset;
    TrainingSpec training;
    final Map<String, PolicyDefinition> definitions = new LinkedHashMap<>();
    final Map<String, MappingNode> definitionNodes = new LinkedHashMap<>();
    final List<PolicyEntry> entries = new ArrayList<>();
    /**
     * True when {@code --set training.epochs=N} shortened or lengthened the run: policy windows are
     * then cut at the new end instead of being errors, so a recipe can be tried for one epoch.
     */
    private final boolean epochsOverridden;

    RecipeParser(Locator locator, Path baseDir, boolean epochsOverridden) {
        this.locator = locator;
        this.baseDir = baseDir;
        this.epochsOverridden = epochsOverridden;
    }

    void parse(MappingNode rootNode) {
        MappingReader root = new MappingReader(rootNode, locator, "");
        root.rejectUnknown(TOP_LEVEL_KEYS);
        version = root.requireInt("version");
        if (version != 1) {
            throw root.error("version", "only version 1 (Distiller's schedule schema) is supported, got " + version);
        }
        model = parseModel(root.requireMapping("model"));
        dataset = parseDataset(root.requireMapping("dataset"));
        training = parseTraining(root.requireMapping("training"));
        for (PolicyKind kind : PolicyKind.values()) {
            root.node(kind.section()).ifPresent(n -> parseSection(kind, n));
        }
        root.node("policies").ifPresent(this::parsePolicies);
        requireAllScheduled();
    }

    private ModelSpec parseModel(MappingReader r) {
        r.rejectUnknown(MODEL_KEYS);
        Optional<Located<String>> arch = r.getString("arch");
        Optional<Located<String>> load = r.getString("load");
        if (arch.isPresent() && load.isPresent()) {
            throw new RecipeException(r.keyLocation("load"), "model: set either arch (a zoo model) or load (a model zip), not both");
        }
        if (arch.isEmpty() && load.isEmpty()) {
            throw new RecipeException(r.location(), "model: needs arch (a zoo model, e.g. lenet300_100) or load (a DL4J model zip)");
        }
        List<Integer> hidden = List.of();
        boolean mlp = arch.map(a -> a.value().equals("mlp")).orElse(false);
        if (r.contains("hidden")) {
            if (!mlp) {
                throw new RecipeException(r.keyLocation("hidden"), "model.hidden is only for arch: mlp");
            }
            hidden = Nodes.toIntList(r.require("hidden"), locator, r.what("hidden"));
            if (hidden.isEmpty() || hidden.stream().anyMatch(h -> h < 1)) {
                throw r.error("hidden", "expected a non-empty list of layer widths ≥ 1, got " + hidden);
            }
        } else if (mlp) {
            hidden = ModelSpec.DEFAULT_HIDDEN;
        }
        return new ModelSpec(arch, hidden, load.map(this::resolvePath), r.location());
    }

    private DatasetSpec parseDataset(MappingReader r) {
        r.rejectUnknown(DATASET_KEYS);
        String name = r.requireChoice("name", DatasetSpec.NAMES);
        Optional<Located<String>> path = r.getString("path").map(this::resolvePath);
        int validation = r.getInt("validation_size", DatasetSpec.DEFAULT_VALIDATION_SIZE, 0);
        int maxTrain = r.getInt("max_train", 0, 0);
        int maxTest = r.getInt("max_test", 0, 0);
        return new DatasetSpec(name, path, validation, maxTrain, maxTest, r.location());
    }

    private TrainingSpec parseTraining(MappingReader r) {
        r.rejectUnknown(TRAINING_KEYS);
        int epochs = r.requireInt("epochs");
        if (epochs < 1) {
            throw r.error("epochs", "must be at least 1, got " + epochs);
        }
        int batchSize = r.getInt("batch_size", TrainingSpec.DEFAULT_BATCH_SIZE, 1);
        long seed = r.getLong("seed", TrainingSpec.DEFAULT_SEED);
        int evalBatchSize = r.getInt("eval_batch_size", TrainingSpec.DEFAULT_EVAL_BATCH_SIZE, 1);
        OptimizerSpec optimizer = parseOptimizer(r.requireMapping("optimizer"));
        return new TrainingSpec(epochs, batchSize, seed, evalBatchSize, optimizer, r.location());
    }

    private OptimizerSpec parseOptimizer(MappingReader r) {
        r.rejectUnknown(OPTIMIZER_KEYS);
        List<String> types = List.of("sgd", "nesterov", "adam");
        OptimizerSpec.Type type = OptimizerSpec.Type.valueOf(r.requireChoice("type", types).toUpperCase());
        double lr = r.requireDouble("lr");
        if (lr <= 0) {
            throw r.error("lr", "must be greater than 0, got " + lr);
        }
        double weightDecay = r.getDouble("weight_decay", 0);
        if (weightDecay < 0) {
            throw r.error("weight_decay", "must be at least 0, got " + weightDecay);
        }
        if (type == OptimizerSpec.Type.ADAM) {
            if (r.contains("momentum")) {
                throw new RecipeException(r.keyLocation("momentum"),
                        "training.optimizer.momentum is not used by adam (beta1 plays its part)");
            }
            double beta1 = unitInterval(r, "beta1", OptimizerSpec.DEFAULT_BETA1);
            double beta2 = unitInterval(r, "beta2", OptimizerSpec.DEFAULT_BETA2);
            double epsilon = r.getDouble("epsilon", OptimizerSpec.DEFAULT_EPSILON);
            if (epsilon <= 0) {
                throw r.error("epsilon", "must be greater than 0, got " + epsilon);
            }
            return new OptimizerSpec(type, lr, 0, weightDecay, beta1, beta2, epsilon, r.location());
        }
        for (String key : ADAM_ONLY_KEYS) {
            if (r.contains(key)) {
                throw new RecipeException(r.keyLocation(key), "training.optimizer." + key + " is only for type: adam");
            }
        }
        double momentum = unitInterval(r, "momentum",
                type == OptimizerSpec.Type.NESTEROV ? OptimizerSpec.DEFAULT_NESTEROV_MOMENTUM : 0);
        return new OptimizerSpec(type, lr, momentum, weightDecay, OptimizerSpec.DEFAULT_BETA1,
                OptimizerSpec.DEFAULT_BETA2, OptimizerSpec.DEFAULT_EPSILON, r.location());
    }

    private static double unitInterval(MappingReader r, String key, double defaultValue) {
        double v = r.getDouble(key, defaultValue);
        if (v < 0 || v >= 1) {
            throw r.error(key, "must be in [0, 1), got " + v);
        }
        return v;
    }

    private void parseSection(PolicyKind kind, Node sectionNode) {
        if (Nodes.isNull(sectionNode)) {
            return; // "pruners:" with nothing under it
        }
        MappingNode section = Nodes.toMapping(sectionNode, locator, kind.section());
        for (NodeTuple t : section.getValue()) {
            String name = Nodes.keyName(t.getKeyNode());
            String label = kind.section() + "." + name;
            PolicyDefinition earlier = definitions.get(name);
            if (earlier != null) {
                throw new RecipeException(locator.at(t.getKeyNode()), "instance name '" + name + "' is already defined in "
                        + earlier.kind().section() + " at " + earlier.location() + " (instance names are unique across sections)");
            }
            MappingNode instance = Nodes.toMapping(t.getValueNode(), locator, label);
            MappingReader r = new MappingReader(instance, locator, label);
            Located<String> className = r.requireString(YamlPolicyArgs.CLASS_KEY);
            definitions.put(name, new PolicyDefinition(kind, name, className, locator.at(t.getKeyNode())));
            definitionNodes.put(name, instance);
        }
    }

    private void parsePolicies(Node policiesNode) {
        if (Nodes.isNull(policiesNode)) {
            return;
        }
        List<Node> items = Nodes.toList(policiesNode, locator, "policies");
        for (int i = 0; i < items.size(); i++) {
            String label = "policies[" + i + "]";
            MappingReader r = new MappingReader(Nodes.toMapping(items.get(i), locator, label), locator, label);
            entries.add(parseEntry(r));
        }
    }

    private PolicyEntry parseEntry(MappingReader r) {
        r.rejectUnknown(ENTRY_KEYS);
        List<String> kinds = r.keys().stream().filter(PolicyKind.keys()::contains).toList();
        if (kinds.isEmpty()) {
            throw new RecipeException(r.location(), r.label() + ": names no policy: add one of "
                    + String.join(", ", PolicyKind.keys()) + ", e.g. pruner: {instance_name: fc}");
        }
        if (kinds.size() > 1) {
            throw new RecipeException(r.keyLocation(kinds.get(1)), r.label() + ": schedules one policy, but has both '"
                    + kinds.get(0) + "' and '" + kinds.get(1) + "' (write two entries)");
        }
        PolicyKind kind = PolicyKind.byKey(kinds.get(0)).orElseThrow();
        MappingReader ref = r.requireMapping(kind.key());
        ref.rejectUnknown(List.of("instance_name"));
        Located<String> name = ref.requireString("instance_name");
        PolicyDefinition definition = definitions.get(name.value());
        if (definition == null || definition.kind() != kind) {
            List<String> sameKind = definitions.values().stream().filter(d -> d.kind() == kind)
                    .map(PolicyDefinition::instanceName).toList();
            String where = definition == null ? Suggestions.hint(name.value(), sameKind)
                    : " ('" + name.value() + "' is defined in " + definition.kind().section() + ", so schedule it with "
                    + definition.kind().key() + ": {instance_name: " + name.value() + "})";
            throw name.error("no " + kind.key() + " named '" + name.value() + "' in " + kind.section() + where);
        }
        EpochSchedule schedule = parseSchedule(r);
        if (epochsOverridden && schedule.lastEpoch() >= training.epochs()) {
            EpochSchedule cut = schedule.cutAt(training.epochs());
            LOG.info("--set training.epochs={} cuts {} '{}' from {} to {}", training.epochs(), kind.key(), name.value(),
                    schedule, cut);
            schedule = cut;
        }
        return new PolicyEntry(kind, name.value(), schedule, r.location());
    }

    private EpochSchedule parseSchedule(MappingReader r) {
        int epochs = epochsOverridden ? Integer.MAX_VALUE : training.epochs();
        String shortened = " (training.epochs is " + epochs + "; ending_epoch is exclusive)";
        if (r.contains("epochs")) {
            for (String key : RANGE_KEYS) {
                if (r.contains(key)) {
                    throw new RecipeException(r.keyLocation("epochs"), r.label() + ": give either epochs: [..] or "
                            + "starting_epoch/ending_epoch/frequency, not both (found '" + key + "' too)");
                }
            }
            List<Node> items = Nodes.toList(r.require("epochs"), locator, r.what("epochs"));
            if (items.isEmpty()) {
                throw r.error("epochs", "the list is empty");
            }
            List<Integer> list = new ArrayList<>();
            Set<Integer> seen = new HashSet<>();
            for (Node item : items) {
                int e = Nodes.toInt(item, locator, r.what("epochs") + " item");
                RecipeLocation at = locator.at(item);
                if (e < 0 || e >= epochs) {
                    throw new RecipeException(at, r.what("epochs") + ": epoch " + e + " is outside 0.." + (epochs - 1)
                            + " (training.epochs is " + epochs + ")");
                }
                if (!seen.add(e)) {
                    throw new RecipeException(at, r.what("epochs") + ": epoch " + e + " is listed twice");
                }
                list.add(e);
            }
            return EpochSchedule.of(list);
        }
        int start = r.getInt("starting_epoch", 0);
        if (start < 0) {
            throw r.error("starting_epoch", "must be at least 0, got " + start);
        }
        if (start >= epochs) {
            throw r.error("starting_epoch", start + " is not before the end of training (training.epochs is " + epochs
                    + "; epochs count from 0)");
        }
        // with --set training.epochs the window is cut below; a policy that starts after the new end never runs
        int end = r.getInt("ending_epoch", epochsOverridden ? Math.max(start + 1, training.epochs()) : training.epochs());
        if (end > epochs) {
            throw r.error("ending_epoch", end + " is after the end of training" + shortened);
        }
        if (end <= start) {
            throw r.error("ending_epoch", end + " must be greater than starting_epoch " + start
                    + " (ending_epoch is exclusive)");
        }
        int frequency = r.getInt("frequency", 1);
        if (frequency < 1) {
            throw r.error("frequency", "must be at least 1, got " + frequency);
        }
        return EpochSchedule.range(start, end, frequency);
    }

    private void requireAllScheduled() {
        Set<String> scheduled = new HashSet<>();
        entries.forEach(e -> scheduled.add(e.instanceName()));
        for (PolicyDefinition d : definitions.values()) {
            if (!scheduled.contains(d.instanceName())) {
                throw new RecipeException(d.location(), d.kind().key() + " '" + d.instanceName() + "' is defined but never"
                        + " scheduled: add '- " + d.kind().key() + ": {instance_name: " + d.instanceName()
                        + "}' to policies, or remove it");
            }
        }
    }

    /** A relative path from the file is relative to the recipe's folder; from {@code --set}, to the working directory. */
    private Located<String> resolvePath(Located<String> written) {
        Path p;
        try {
            p = Path.of(written.value());
        } catch (java.nio.file.InvalidPathException e) {
            throw written.error("not a valid path: " + e.getMessage());
        }
        if (!p.isAbsolute()) {
            boolean fromOverride = written.location().line() == 0;
            Path base = fromOverride || baseDir == null ? Path.of("").toAbsolutePath() : baseDir;
            p = base.resolve(p).normalize();
        }
        return new Located<>(p.toString(), written.location());
    }
}
