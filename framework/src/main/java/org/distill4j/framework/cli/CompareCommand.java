package org.distill4j.framework.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.distill4j.framework.experiment.Experiment;
import org.distill4j.framework.experiment.ExperimentData;
import org.distill4j.framework.experiment.ExperimentRunner;
import org.distill4j.framework.run.Checkpoint;
import org.distill4j.framework.run.RunFolder;
import org.distill4j.framework.run.RunFolderException;
import org.distill4j.framework.training.NativeThreads;
import org.distill4j.framework.training.TerminalProgress;
import org.distill4j.policies.config.RecipeException;
import org.distill4j.policies.config.RecipeLocation;
import org.distill4j.schedulers.PolicyRegistry;
import org.distill4j.schedulers.recipe.Recipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code distill compare RECIPE... --seeds 3}: runs every recipe (times every {@code --vary}
 * value) with seeds base, base+1, ... (base: the recipe's {@code training.seed}, or
 * {@code --seed-base}), one run folder each under {@code --out}, then prints the mean ± sample
 * standard deviation of test top-1 per row and writes it as {@code summary.csv} and
 * {@code summary.md}. A run folder whose results.json exists and whose recipe.yaml is the same
 * recipe as run is reused, so an interrupted comparison resumes and comparisons may share a folder;
 * a folder of the same recipe without results.json (a killed or crashed run) continues from its last
 * checkpoint.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Run recipes over several seeds and print a table of test top-1 (mean ± std).")
final class CompareCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RECIPE", description = "Recipes to compare (one table row each).")
    List<Path> recipes;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "3", description = "Seeds per row (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--seed-base", paramLabel = "S", description = "First seed (default: each recipe's training.seed).")
    Long seedBase;

    @Option(names = "--vary", paramLabel = "KEY=V1,V2,...",
            description = "One row per value, e.g. --vary distillers.kd.temperature=1,2,4,8 (repeatable: every combination).")
    List<String> vary = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Folder of the runs and the summary (default: runs/compare-<time>).")
    Path out;

    @Mixin
    RecipeOptions options;

    @Spec
    CommandSpec spec;

    /** One table row: a recipe with its --vary assignments. */
    record Row(Path recipe, String label, List<String> overrides) {
    }

    /**
     * One row's outcome per seed: test top-1 and the last epoch's validation top-1 (the figure to
     * choose settings by, so that the test set stays unseen).
     */
    record Result(Row row, List<Double> top1, List<Double> valTop1, double epochSeconds) {
        double mean() {
            return mean(top1);
        }

        double std() {
            return std(top1);
        }

        static double mean(List<Double> values) {
            return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        static double std(List<Double> values) {
            if (values.size() < 2) {
                return 0;
            }
            double m = mean(values);
            return Math.sqrt(values.stream().mapToDouble(v -> (v - m) * (v - m)).sum() / (values.size() - 1));
        }
    }

    @Override
    public Integer call() throws IOException {
        if (seeds < 1) {
            throw new RecipeException(RecipeLocation.of("--seeds"), "must be at least 1, got " + seeds);
        }
        List<Row> rows = rows();
        for (Row row : rows) { // fail on a bad recipe or override before hours of training
            load(row.recipe(), row.overrides());
        }
        Path dir = out != null ? out : Path.of("runs", "compare-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(dir);
        NativeThreads.set(options.threads);
        List<Result> results = new ArrayList<>();
        for (Row row : rows) {
            Recipe first = load(row.recipe(), row.overrides());
            long base = seedBase != null ? seedBase : first.training().seed();
            List<Double> top1 = new ArrayList<>();
            List<Double> valTop1 = new ArrayList<>();
            double seconds = 0;
            for (int i = 0; i < seeds; i++) {
                long seed = base + i;
                List<String> o = new ArrayList<>(row.overrides());
                o.add("training.seed=" + seed);
                Map<String, Object> r = runOrReuse(load(row.recipe(), o),
                        dir.resolve(row.label()).resolve("seed-" + seed));
                @SuppressWarnings("unchecked")
                Map<String, Object> fin = (Map<String, Object>) r.get("final");
                top1.add(((Number) fin.get("test_top1")).doubleValue());
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> epochs = (List<Map<String, Object>>) r.get("epochs");
                valTop1.add(epochs.isEmpty() ? Double.NaN
                        : ((Number) epochs.get(epochs.size() - 1).getOrDefault("val_top1", Double.NaN)).doubleValue());
                seconds += epochs.stream().mapToDouble(e -> ((Number) e.get("seconds")).doubleValue()).average().orElse(0);
                spec.commandLine().getOut().printf(Locale.ROOT, "%s seed %d: test top-1 %.4f, validation top-1 %.4f%n",
                        row.label(), seed, top1.get(top1.size() - 1), valTop1.get(valTop1.size() - 1));
            }
            results.add(new Result(row, top1, valTop1, seconds / seeds));
        }
        String md = markdown(results);
        Files.writeString(dir.resolve("summary.md"), md, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("summary.csv"), csv(results, options.overrides), StandardCharsets.UTF_8);
        spec.commandLine().getOut().print(md);
        spec.commandLine().getOut().println("runs and summary.csv/summary.md in " + dir);
        return 0;
    }

    /** The recipe with the command's --set overrides, then {@code extra} (later ones win). */
    private Recipe load(Path recipe, List<String> extra) {
        return org.distill4j.schedulers.recipe.RecipeLoader.load(recipe, concat(options.overrides, extra));
    }

    /**
     * Reads the results of a finished run of the same recipe in {@code runDir}; continues an unfinished
     * one (killed or crashed) from its last checkpoint; otherwise runs it in a new folder.
     */
    private Map<String, Object> runOrReuse(Recipe recipe, Path runDir) throws IOException {
        Path results = runDir.resolve("results.json");
        boolean sameRecipe = Files.isRegularFile(runDir.resolve("recipe.yaml"))
                && Files.readString(runDir.resolve("recipe.yaml")).equals(recipe.effectiveYaml());
        if (sameRecipe && Files.isRegularFile(results)) {
            return readJson(results);
        }
        Experiment experiment = Experiment.prepare(recipe, PolicyRegistry.discover());
        ExperimentData data = ExperimentData.load(recipe.dataset(), recipe.training().seed());
        ExperimentRunner runner = new ExperimentRunner(TerminalProgress.forConsole(), options.threads);
        if (sameRecipe) {
            spec.commandLine().getErr().println(runDir + ": unfinished run of the same recipe; continuing it");
            return runner.run(experiment, data, RunFolder.existing(runDir), Checkpoint.latest(runDir));
        }
        if (Files.isRegularFile(runDir.resolve("recipe.yaml"))) {
            throw new RunFolderException(runDir + ": holds a run of this recipe with other settings (--set, --vary or an"
                    + " edited recipe); choose another --out");
        }
        return runner.run(experiment, data, RunFolder.create(runDir));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readJson(Path file) {
        try {
            return org.distill4j.framework.run.Json.mapper().readValue(file.toFile(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every recipe times every combination of --vary values. */
    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (Path recipe : recipes) {
            String stem = recipe.getFileName().toString().replaceFirst("\\.ya?ml$", "");
            rows.add(new Row(recipe, stem, List.of()));
        }
        for (String v : vary) {
            int eq = v.indexOf('=');
            if (eq <= 0 || eq == v.length() - 1) {
                throw new RecipeException(RecipeLocation.of("--vary " + v), "expected KEY=V1,V2,...");
            }
            String key = v.substring(0, eq);
            String shortKey = key.substring(key.lastIndexOf('.') + 1);
            List<Row> expanded = new ArrayList<>();
            for (Row row : rows) {
                for (String value : v.substring(eq + 1).split(",")) {
                    List<String> o = new ArrayList<>(row.overrides());
                    o.add(key + "=" + value.trim());
                    expanded.add(new Row(row.recipe(), row.label() + "-" + shortKey + "=" + value.trim()
                            .replaceAll("[^A-Za-z0-9._-]", "_"), o));
                }
            }
            rows = expanded;
        }
        return rows;
    }

    static String markdown(List<Result> results) {
        StringBuilder b = new StringBuilder();
        b.append("| run | seeds | test top-1 mean ± std | min | max | Δ mean vs first row (points) | validation top-1 mean ± std | s/epoch |\n");
        b.append("|---|---|---|---|---|---|---|---|\n");
        double ref = results.isEmpty() ? Double.NaN : results.get(0).mean();
        for (Result r : results) {
            b.append(String.format(Locale.ROOT, "| %s | %d | %.4f ± %.4f | %.4f | %.4f | %+.2f | %.4f ± %.4f | %.1f |%n", r.row().label(),
                    r.top1().size(), r.mean(), r.std(),
                    r.top1().stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                    r.top1().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
                    100 * (r.mean() - ref), Result.mean(r.valTop1()), Result.std(r.valTop1()), r.epochSeconds()));
        }
        return b.toString();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** summary.csv; its overrides column holds the command's --set values, then the row's --vary ones. */
    static String csv(List<Result> results, List<String> setOverrides) {
        StringBuilder b = new StringBuilder("run,recipe,overrides,seeds,test_top1_mean,test_top1_std,test_top1_values,val_top1_mean,val_top1_std,seconds_per_epoch\n");
        for (Result r : results) {
            b.append(String.format(Locale.ROOT, "%s,%s,\"%s\",%d,%.6f,%.6f,\"%s\",%.6f,%.6f,%.3f%n", r.row().label(),
                    r.row().recipe(), String.join(" ", concat(setOverrides, r.row().overrides())), r.top1().size(), r.mean(), r.std(),
                    r.top1().stream().map(v -> String.format(Locale.ROOT, "%.4f", v)).reduce((x, y) -> x + " " + y).orElse(""),
                    Result.mean(r.valTop1()), Result.std(r.valTop1()), r.epochSeconds()));
        }
        return b.toString();
    }
}
