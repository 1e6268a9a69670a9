package org.distill4j.policies.distillation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.distill4j.policies.LoadedModelAdapter;
import org.distill4j.policies.Policy;
import org.distill4j.policies.PolicyContext;
import org.distill4j.policies.config.PolicyArgs;
import org.distill4j.policies.config.RecipeException;
import org.distill4j.policies.config.RecipeLocation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knowledge distillation (Hinton, Vinyals &amp; Dean 2015, arXiv:1503.02531) as a scheduled policy:
 * in every epoch its schedule names, the student learns from
 * {@code student_weight · CE(z_s, y) + distill_weight · T² · KL(softmax(z_t/T) ‖ softmax(z_s/T))}
 * (see {@link DistillationLoss}); outside them it trains on its own loss, so distillation may start
 * and stop at any epoch.
 *
 * <p>Recipe arguments (defaults are Distiller's {@code --kd-*} defaults):
 * <ul>
 * <li>{@code teacher} (required): a DL4J model zip ({@code MultiLayerNetwork} or single-output
 *     {@code ComputationGraph}, softmax output), or a recipe ({@code .yaml}/{@code .yml}) that is
 *     trained first by a {@link TeacherTrainer} and cached while its text is unchanged. A relative
 *     path written in a recipe is relative to the recipe's folder; from {@code --set}, to the working
 *     directory.</li>
 * <li>{@code temperature} (default 1.0, &gt; 0): T, softening both distributions.</li>
 * <li>{@code distill_weight} (default 0.5, ≥ 0) and {@code student_weight} (default 0.5, ≥ 0).</li>
 * <li>{@code cache_teacher_outputs} (default true): reuse the teacher's logits of an example in
 *     later epochs when the loop says which examples a batch holds
 *     ({@link PolicyContext#batchExampleIndices()}, present only for a deterministic input
 *     pipeline); otherwise the teacher runs on every batch.</li>
 * </ul>
 *
 * <p><b>How.</b> The teacher is loaded (or trained) in the first active {@link #onEpochBegin}, so
 * {@code distill validate} never trains it. It is frozen: never fitted, run with
 * {@code train=false} (inference mode), its output activation switched to identity on the policy's
 * own copy so its outputs are logits. Per minibatch, {@link #onMinibatchBegin} widens the batch's
 * labels to {@code [labels | teacher logits]} and swaps the student's output-layer loss for a
 * {@link DistillationLoss}; {@link #onMinibatchEnd} (run inside {@code fit}, after the update)
 * restores both. Outside a step the student therefore always carries its own loss and plain labels:
 * validation, evaluation, saving and other policies' model surgery never see the distillation loss.
 * Policies scheduled after this one in the recipe see the widened labels in their
 * {@code onMinibatchBegin}.
 *
 * <p><b>Reports</b> per active epoch: {@code hard_ce} and {@code distill_term} (unweighted
 * per-example means of CE and T²·KL over the epoch's steps; the training loss is their weighted
 * sum) and {@code teacher_seconds} (time spent running the teacher in the epoch, plus loading or
 * training it in the first).
 *
 * <p>Works with a {@code MultiLayerNetwork} or {@code ComputationGraph} student whose (single)
 * output layer is a softmax {@link BaseOutputLayer}. It needs the loop to pass the batch to
 * {@code onMinibatchBegin} before the forward pass (distill4j's loop does; a DL4J listener alone
 * cannot).
 */
public class KnowledgeDistillationPolicy extends Policy {
    private static final Logger LOG = LoggerFactory.getLogger(KnowledgeDistillationPolicy.class);

    private final RecipeLocation location;
    private final Path teacherPath;
    private final boolean teacherIsRecipe;
    private final DistillationLoss loss;
    private final boolean cacheTeacherOutputs;

    private Model teacher;
    /** Teacher logits by example index, row-major {@code [capacity, classes]}, on the Java heap. */
    private float[] cache;
    private boolean[] cached;
    private int classes;
    private long teacherNanos;

    private BaseOutputLayer swappedLayer;
    private ILossFunction originalLoss;
    private DataSet widenedBatch;
    private INDArray originalLabels;

    public KnowledgeDistillationPolicy(PolicyArgs args) {
        this.location = args.locationOf("teacher");
        String written = args.getString("teacher");
        this.teacherPath = resolve(written, args.locationOf("teacher"));
        String lower = teacherPath.getFileName() == null ? "" : teacherPath.getFileName().toString().toLowerCase(Locale.ROOT);
        this.teacherIsRecipe = lower.endsWith(".yaml") || lower.endsWith(".yml");
        if (!Files.isRegularFile(teacherPath)) {
            throw args.error("teacher", "no such " + (teacherIsRecipe ? "recipe" : "model") + " file: " + teacherPath
                    + (written.equals(teacherPath.toString()) ? "" : " (" + written + ", resolved against the "
                    + (args.locationOf("teacher").line() > 0 ? "recipe's folder" : "working directory") + ")"));
        }
        double temperature = args.getDouble("temperature", 1.0);
        double distillWeight = args.getDouble("distill_weight", 0.5);
        double studentWeight = args.getDouble("student_weight", 0.5);
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw args.error("temperature", "must be a finite number > 0, got " + temperature);
        }
        if (!(distillWeight >= 0) || Double.isInfinite(distillWeight)) {
            throw args.error("distill_weight", "must be a finite number >= 0, got " + distillWeight);
        }
        if (!(studentWeight >= 0) || Double.isInfinite(studentWeight)) {
            throw args.error("student_weight", "must be a finite number >= 0, got " + studentWeight);
        }
        if (distillWeight == 0 && studentWeight == 0) {
            throw args.error("distill_weight", "distill_weight and student_weight are both 0: nothing to learn from");
        }
        this.loss = new DistillationLoss(temperature, studentWeight, distillWeight);
        this.cacheTeacherOutputs = args.getBoolean("cache_teacher_outputs", true);
    }

    /**
     * For code: distils from a network in memory. The policy runs its own copy of {@code teacher}
     * (so switching the copy's output to logits touches no configuration shared with another net).
     */
    public KnowledgeDistillationPolicy(Model teacher, double temperature, double studentWeight, double distillWeight,
                                       boolean cacheTeacherOutputs) {
        this.location = RecipeLocation.of("code");
        this.teacherPath = null;
        this.teacherIsRecipe = false;
        this.loss = new DistillationLoss(temperature, studentWeight, distillWeight);
        this.cacheTeacherOutputs = cacheTeacherOutputs;
        this.teacher = asLogitModel(copy(Objects.requireNonNull(teacher, "teacher")));
    }

    /** The loss swapped in during active steps (its settings; components are read by the policy). */
    public DistillationLoss loss() {
        return loss;
    }

    /** The frozen teacher (its output activation switched to identity), or empty before the first active epoch. */
    public Optional<Model> teacher() {
        return Optional.ofNullable(teacher);
    }

    @Override
    public void attach(PolicyContext context) {
        outputLayer(context.model()); // fails early on a student it cannot distil into
    }

    @Override
    public void onEpochBegin(PolicyContext context) {
        teacherNanos = 0;
        loss.takeComponents();
        if (teacher == null) {
            long start = System.nanoTime();
            teacher = asLogitModel(load());
            teacherNanos += System.nanoTime() - start;
        }
    }

    @Override
    public void onMinibatchBegin(PolicyContext context) {
        restore(); // a step that failed half-way must not leave its labels or loss behind
        DataSet batch = context.batch();
        INDArray labels = batch.getLabels();
        INDArray teacherLogits = teacherLogits(batch.getFeatures(), context.batchExampleIndices());
        BaseOutputLayer out = outputLayer(context.model());
        if (teacherLogits.size(1) != labels.size(1)) {
            throw new RecipeException(location, "teacher: the teacher has " + teacherLogits.size(1)
                    + " outputs, the student's labels " + labels.size(1) + " classes");
        }
        widenedBatch = batch;
        originalLabels = labels;
        batch.setLabels(Nd4j.hstack(labels, teacherLogits.castTo(labels.dataType())));
        swappedLayer = out;
        originalLoss = out.getLossFn();
        out.setLossFn(loss);
    }

    @Override
    public void onMinibatchEnd(PolicyContext context) {
        restore();
    }

    @Override
    public void onEpochEnd(PolicyContext context) {
        restore();
        DistillationLoss.Components c = loss.takeComponents();
        if (c.examples() > 0) {
            context.report("hard_ce", c.hardCrossEntropy());
            context.report("distill_term", c.distillationTerm());
        }
        context.report("teacher_seconds", teacherNanos / 1e9);
    }

    /** Puts back the student's loss and the batch's labels, if a step swapped them. */
    private void restore() {
        if (swappedLayer != null) {
            swappedLayer.setLossFn(originalLoss);
            swappedLayer = null;
            originalLoss = null;
        }
        if (widenedBatch != null) {
            widenedBatch.setLabels(originalLabels);
            widenedBatch = null;
            originalLabels = null;
        }
    }

    private INDArray teacherLogits(INDArray features, Optional<int[]> indices) {
        if (!cacheTeacherOutputs || indices.isEmpty()) {
            return runTeacher(features);
        }
        int[] idx = indices.get();
        if (idx.length != features.size(0)) {
            throw new IllegalStateException("the loop gave " + idx.length + " example indices for a batch of "
                    + features.size(0));
        }
        int max = 0;
        boolean all = cache != null;
        for (int i : idx) {
            max = Math.max(max, i);
            all = all && i < cached.length && cached[i];
        }
        if (all) { // a gather on the Java heap: no native op per batch
            float[] rows = new float[idx.length * classes];
            for (int r = 0; r < idx.length; r++) {
                System.arraycopy(cache, idx[r] * classes, rows, r * classes, classes);
            }
            return Nd4j.create(rows, new long[] {idx.length, classes}, 'c');
        }
        INDArray logits = runTeacher(features);
        classes = (int) logits.size(1);
        ensureCapacity(max + 1);
        float[] values = logits.dup('c').data().asFloat();
        for (int r = 0; r < idx.length; r++) {
            System.arraycopy(values, r * classes, cache, idx[r] * classes, classes);
            cached[idx[r]] = true;
        }
        return logits;
    }

    private void ensureCapacity(int rows) {
        if (cached != null && cached.length >= rows) {
            return;
        }
        int capacity = Math.max(rows, cached == null ? 0 : (int) Math.min(Integer.MAX_VALUE / Math.max(1, classes) - 8,
                2L * cached.length));
        float[] grown = new float[capacity * classes];
        boolean[] grownFlags = new boolean[capacity];
        if (cache != null) {
            System.arraycopy(cache, 0, grown, 0, cache.length);
            System.arraycopy(cached, 0, grownFlags, 0, cached.length);
        }
        cache = grown;
        cached = grownFlags;
    }

    private INDArray runTeacher(INDArray features) {
        long start = System.nanoTime();
        INDArray logits;
        if (teacher instanceof MultiLayerNetwork net) {
            logits = net.output(features, false);
        } else {
            logits = ((ComputationGraph) teacher).outputSingle(false, features);
        }
        teacherNanos += System.nanoTime() - start;
        return logits;
    }

    private Model load() {
        Path zip = teacherPath;
        if (teacherIsRecipe) {
            Iterator<TeacherTrainer> trainers = ServiceLoader.load(TeacherTrainer.class,
                    KnowledgeDistillationPolicy.class.getClassLoader()).iterator();
            if (!trainers.hasNext()) {
                throw new RecipeException(location, "teacher: a recipe teacher is trained by distill4j-framework, which "
                        + "is not on the class path; give a model zip instead");
            }
            zip = trainers.next().trainedModel(teacherPath);
        }
        LOG.info("distillation teacher: {}", zip);
        return LoadedModelAdapter.adaptAll(restore(zip, location));
    }

    /** Restores a DL4J model zip, whichever of MultiLayerNetwork or ComputationGraph it holds. */
    static Model restore(Path zip, RecipeLocation location) {
        try {
            String config;
            try (ZipFile z = new ZipFile(zip.toFile())) {
                ZipEntry entry = z.getEntry("configuration.json");
                if (entry == null) {
                    throw new RecipeException(location, "teacher: " + zip + " is not a DL4J model zip (no configuration.json)");
                }
                try (InputStream in = z.getInputStream(entry)) {
                    config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return config.contains("\"vertices\"")
                    ? ModelSerializer.restoreComputationGraph(zip.toFile(), false)
                    : ModelSerializer.restoreMultiLayerNetwork(zip.toFile(), false);
        } catch (IOException e) {
            throw new RecipeException(location, "teacher: cannot read " + zip + ": " + e.getMessage());
        }
    }

    private static Model copy(Model model) {
        if (model instanceof MultiLayerNetwork net) {
            return net.clone();
        }
        if (model instanceof ComputationGraph graph) {
            return graph.clone();
        }
        throw new IllegalArgumentException("a teacher must be a MultiLayerNetwork or ComputationGraph, got "
                + model.getClass().getName());
    }

    /** Switches the (private) teacher's softmax output to identity, so that its outputs are logits. */
    private Model asLogitModel(Model model) {
        Layer out = outputLayerOf(model, "teacher");
        if (!(out.conf().getLayer() instanceof BaseLayer conf) || !(conf.getActivationFn() instanceof ActivationSoftmax)) {
            throw new RecipeException(location, "teacher: its output layer must have a softmax activation");
        }
        conf.setActivationFn(new ActivationIdentity());
        return model;
    }

    private BaseOutputLayer outputLayer(Model student) {
        Layer out = outputLayerOf(student, "student");
        if (!(out.conf().getLayer() instanceof BaseOutputLayer conf)) {
            throw new RecipeException(location, "the student's last layer must be an output layer with a loss, got "
                    + out.conf().getLayer().getClass().getSimpleName());
        }
        if (!(conf.getActivationFn() instanceof ActivationSoftmax)) {
            throw new RecipeException(location, "the student's output layer must have a softmax activation, got "
                    + conf.getActivationFn());
        }
        return conf;
    }

    private Layer outputLayerOf(Model model, String role) {
        if (model instanceof MultiLayerNetwork net) {
            return net.getOutputLayer();
        }
        if (model instanceof ComputationGraph graph) {
            if (graph.getNumOutputArrays() != 1) {
                throw new RecipeException(location, "the " + role + " must have one output, has " + graph.getNumOutputArrays());
            }
            return graph.getOutputLayer(0);
        }
        throw new RecipeException(location, "the " + role + " must be a MultiLayerNetwork or ComputationGraph, got "
                + model.getClass().getName());
    }

    /** A path written in the recipe is relative to its folder; one from {@code --set}, to the working directory. */
    private static Path resolve(String written, RecipeLocation at) {
        Path p;
        try {
            p = Path.of(written);
        } catch (InvalidPathException e) {
            throw new RecipeException(at, "teacher: not a valid path: " + e.getMessage());
        }
        if (p.isAbsolute()) {
            return p.normalize();
        }
        Path base = Path.of("").toAbsolutePath();
        if (at.line() > 0) {
            try {
                Path recipe = Path.of(at.source()).toAbsolutePath();
                if (Files.isRegularFile(recipe)) {
                    base = recipe.getParent();
                }
            } catch (InvalidPathException e) {
                // the source is a name, not a file: keep the working directory
            }
        }
        return base.resolve(p).normalize();
    }
}
