package org.distill4j.framework.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.distill4j.framework.charts.ChartImages;
import org.distill4j.framework.charts.SensitivityChart;
import org.distill4j.framework.data.ImageDataset;
import org.distill4j.framework.experiment.Experiment;
import org.distill4j.framework.experiment.ExperimentData;
import org.distill4j.framework.experiment.ExperimentRunner;
import org.distill4j.framework.experiment.ModelFactory;
import org.distill4j.framework.models.FastLayers;
import org.distill4j.framework.run.RunFolder;
import org.distill4j.framework.sense.PruneKind;
import org.distill4j.framework.sense.SensedWeights;
import org.distill4j.framework.sense.SensitivityAnalysis;
import org.distill4j.framework.sense.SensitivityCsv;
import org.distill4j.framework.sense.SensitivityPoint;
import org.distill4j.framework.sense.SparsityRange;
import org.distill4j.framework.sense.ValidationSplit;
import org.distill4j.framework.training.Evaluation;
import org.distill4j.framework.training.NativeThreads;
import org.distill4j.framework.training.TerminalProgress;
import org.distill4j.policies.config.RecipeException;
import org.distill4j.policies.config.RecipeLocation;
import org.distill4j.schedulers.PolicyRegistry;
import org.distill4j.schedulers.recipe.Recipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code distill sense MODEL_OR_RECIPE}: Distiller's sensitivity analysis. A recipe is first
 * trained exactly as {@code distill run} trains it, into {@code OUT/train} (a complete run folder),
 * and its model.zip is analysed; a model zip is analysed as it is.
 */
@Command(name = "sense", mixinStandardHelpOptions = true,
        description = {"Sensitivity analysis: prune each weight tensor alone to each sparsity level, evaluate on the "
                + "validation split, restore it; write sensitivity.csv and sensitivity.png and print a table of top-1.",
                "A recipe is trained first (as 'distill run' does) into OUT/train."})
final class SenseCommand implements Callable<Integer> {
    static final String CSV = "sensitivity.csv";
    static final String PNG = "sensitivity.png";

    @Parameters(index = "0", paramLabel = "MODEL_OR_RECIPE",
            description = "A DL4J MultiLayerNetwork zip (runs/x/model.zip), or a recipe YAML (.yaml/.yml) to train first.")
    Path input;

    @Option(names = "--kind", paramLabel = "KIND", description = "element (smallest |w|) or filter (smallest-L1 "
            + "convolution filters / dense output neurons, with their biases) (default: ${DEFAULT-VALUE}).")
    String kind = "element";

    @Option(names = "--range", paramLabel = "START:STOP:STEP",
            description = "Sparsity levels, STOP included when on the grid (default: ${DEFAULT-VALUE}, 20 levels).")
    String range = "0:0.95:0.05";

    @Option(names = "--weights", arity = "1..*", paramLabel = "REGEX",
            description = "Weight tensors to analyse, names or whole-name regular expressions, e.g. --weights conv1.W 'fc.*' "
                    + "(default: the W of every dense and convolution layer).")
    List<String> weights = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: runs/sense-<time>); must be new or empty.")
    Path out;

    @Option(names = "--batch-size", description = "Inference batch size (default: ${DEFAULT-VALUE}).")
    int batchSize = 1000;

    @Option(names = "--dataset", description = "MODEL_ZIP only: fashion-mnist or mnist (default: the run's, else fashion-mnist).")
    String dataset;

    @Option(names = "--data-path", paramLabel = "DIR", description = "MODEL_ZIP only: folder with the IDX files.")
    Path dataPath;

    @Option(names = "--validation-size", paramLabel = "N",
            description = "MODEL_ZIP only: validation images (default: the run's, else 5000).")
    Integer validationSize;

    @Option(names = "--seed", description = "MODEL_ZIP only: seed of the validation split (default: the run's "
            + "training.seed from recipe.yaml beside the model, else 42).")
    Long seed;

    @Mixin
    RecipeOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        List<Double> levels = levels();
        PruneKind pruneKind = pruneKind();
        if (batchSize < 1) {
            throw new RecipeException(RecipeLocation.of("--batch-size"), "must be at least 1, got " + batchSize);
        }
        boolean recipe = isRecipe(input);
        checkOptionsFit(recipe);
        PrintWriter o = spec.commandLine().getOut();
        NativeThreads.set(options.threads);

        RunFolder folder = null;
        Path modelFile = input;
        if (recipe) {
            Recipe r = options.load(input);
            Experiment experiment = Experiment.prepare(r, PolicyRegistry.discover());
            SensedWeights.select(experiment.net(), pruneKind, weights); // a bad --weights fails before training
            folder = RunFolder.create(outputFolder());
            RunFolder train = RunFolder.create(folder.resolve("train"));
            o.println("training " + input + " first, as 'distill run' does, into " + train.dir());
            o.flush();
            ExperimentData data = ExperimentData.load(r.dataset(), r.training().seed());
            new ExperimentRunner(TerminalProgress.forConsole(), options.threads).run(experiment, data, train);
            modelFile = train.resolve(ExperimentRunner.MODEL_FILE);
        }
        MultiLayerNetwork net = FastLayers.apply(ModelFactory.readModel(modelFile, null));
        SensedWeights.Selection selection = SensedWeights.select(net, pruneKind, weights);
        ValidationSplit split = ValidationSplit.forModel(modelFile,
                new ValidationSplit.Choices(dataset, dataPath, validationSize, seed));
        ImageDataset validation = split.load();
        if (folder == null) {
            folder = RunFolder.create(outputFolder());
        }

        List<String> names = selection.weights().stream().map(w -> w.name()).toList();
        o.printf(Locale.ROOT, "sense %s: %s pruning of %s, one at a time, at %d levels (%s)%n", modelFile,
                pruneKind.key(), String.join(", ", names), levels.size(), range);
        o.println(split.description());
        selection.notes().forEach(n -> o.println("note: " + n));
        SensitivityAnalysis analysis = new SensitivityAnalysis(net, validation, batchSize);
        long analysisStart = System.nanoTime();
        Evaluation baseline = analysis.baseline();
        o.printf(Locale.ROOT, "unpruned: top-1 %.4f  top-5 %.4f  loss %.4f on %d validation images%n", baseline.top1(),
                baseline.top5(), baseline.loss(), baseline.examples());
        o.flush();
        List<SensitivityPoint> points = analysis.run(selection.weights(), levels, pruneKind, (w, p, seconds) -> {
            o.printf(Locale.ROOT, "  %-12s %d levels in %.1f s%n", w.name(), p.size(), seconds);
            o.flush();
        });
        double analysisSeconds = (System.nanoTime() - analysisStart) / 1e9;

        folder.writeString(CSV, SensitivityCsv.render(points));
        folder.writeBytes(PNG, ChartImages.png(SensitivityChart.of(points, "Sensitivity: " + pruneKind.key()
                + " pruning of one tensor at a time")));
        o.print(table(points, names, levels));
        o.printf(Locale.ROOT, "%d evaluations of %d images in %.1f s (%d thread%s); %.1f s in all%n",
                points.size() + 1, validation.size(), analysisSeconds, options.threads, options.threads == 1 ? "" : "s",
                (System.nanoTime() - start) / 1e9);
        o.println("wrote " + folder.resolve(CSV) + " and " + folder.resolve(PNG));
        return 0;
    }

    private List<Double> levels() {
        try {
            return SparsityRange.parse(range).levels();
        } catch (IllegalArgumentException e) {
            throw new RecipeException(RecipeLocation.of("--range"), e.getMessage());
        }
    }

    private PruneKind pruneKind() {
        try {
            return PruneKind.parse(kind);
        } catch (IllegalArgumentException e) {
            throw new RecipeException(RecipeLocation.of("--kind"), e.getMessage());
        }
    }

    private void checkOptionsFit(boolean recipe) {
        if (recipe && (dataset != null || dataPath != null || validationSize != null || seed != null)) {
            throw new RecipeException(RecipeLocation.of(input.toString()), "--dataset, --data-path, --validation-size and --seed "
                    + "are for a MODEL_ZIP; a recipe's model is analysed on its run's split (change it with --set dataset.…)");
        }
        if (!recipe && !options.overrides.isEmpty()) {
            throw new RecipeException(RecipeLocation.of(input.toString()), "--set changes a recipe, but this is a model zip "
                    + "(a recipe ends in .yaml or .yml)");
        }
    }

    static boolean isRecipe(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private Path outputFolder() {
        if (out != null) {
            return out;
        }
        String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = Path.of("runs", "sense-" + time);
        for (int i = 2; Files.exists(dir); i++) {
            dir = Path.of("runs", "sense-" + time + "-" + i);
        }
        return dir;
    }

    /** Top-1 with one row per level and one column per tensor. */
    static String table(List<SensitivityPoint> points, List<String> names, List<Double> levels) {
        Map<String, Double> top1 = new LinkedHashMap<>();
        points.forEach(p -> top1.put(p.parameter() + "@" + p.sparsity(), p.top1()));
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-9s", "sparsity"));
        int[] widths = names.stream().mapToInt(n -> Math.max(7, n.length())).toArray();
        for (int i = 0; i < names.size(); i++) {
            b.append("  ").append(String.format(Locale.ROOT, "%" + widths[i] + "s", names.get(i)));
        }
        b.append("   (validation top-1)\n");
        for (double level : levels) {
            b.append(String.format(Locale.ROOT, "%-9s", level(level)));
            for (int i = 0; i < names.size(); i++) {
                Double v = top1.get(names.get(i) + "@" + level);
                b.append("  ").append(String.format(Locale.ROOT, "%" + widths[i] + "s",
                        v == null ? "" : String.format(Locale.ROOT, "%.4f", v)));
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** 0.05 as 0.05, 0.025 as 0.025: at least two decimals, no trailing zeros beyond them. */
    static String level(double level) {
        String s = new java.math.BigDecimal(String.format(Locale.ROOT, "%.6f", level)).stripTrailingZeros().toPlainString();
        int dot = s.indexOf('.');
        int decimals = dot < 0 ? 0 : s.length() - dot - 1;
        return decimals >= 2 ? s : String.format(Locale.ROOT, "%.2f", level);
    }
}
