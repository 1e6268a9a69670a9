package org.distill4j.framework.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.distill4j.framework.data.ImageDataset;
import org.distill4j.framework.experiment.ExperimentData;
import org.distill4j.framework.experiment.ModelFactory;
import org.distill4j.framework.models.LayerStats;
import org.distill4j.framework.models.ModelSummary;
import org.distill4j.framework.training.Evaluation;
import org.distill4j.framework.training.Evaluator;
import org.distill4j.framework.training.NativeThreads;
import org.distill4j.policies.lowrank.LayerFactorization;
import org.distill4j.policies.lowrank.LowRankFactorization;
import org.distill4j.policies.lowrank.RankRule;
import org.distill4j.policies.surgery.MultiLayerSurgery;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "lowrank", mixinStandardHelpOptions = true,
        description = {"Factorize a saved model's dense and convolution layers by truncated SVD, without training, and "
                + "print per layer the rank, parameters and MACs before and after, and the test top-1 before and after.",
                "Layer fc1 becomes fc1_u (input -> rank) and fc1_v (rank -> outputs)."})
final class LowRankCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL_ZIP", description = "A DL4J MultiLayerNetwork zip, e.g. runs/x/model.zip.")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Rule rule;

    static final class Rule {
        @Option(names = "--rank", description = "The same rank for every layer (at most its full rank).")
        Integer rank;

        @Option(names = "--ratio", description = "Keep at most this fraction of each layer's parameters, in (0, 1].")
        Double ratio;

        @Option(names = "--energy", description = "Keep this fraction of each layer's squared singular values, in (0, 1].")
        Double energy;
    }

    @Option(names = "--layers", split = ",", paramLabel = "LAYER",
            description = "Layers to factorize (default: every dense and convolution layer except the output layer).")
    List<String> layers;

    @Option(names = "--ranks", split = ",", paramLabel = "LAYER=RANK",
            description = "Per-layer ranks that override the rule, e.g. --ranks fc1=64 (the layer is factorized even if not in --layers).")
    Map<String, Integer> ranks = new LinkedHashMap<>();

    @Option(names = "--save", paramLabel = "ZIP", description = "Also write the factorized model (with updater state) here.")
    Path save;

    @Option(names = "--dataset", description = "fashion-mnist or mnist (default: ${DEFAULT-VALUE}).")
    String dataset = "fashion-mnist";

    @Option(names = "--data-path", paramLabel = "DIR", description = "Folder with the IDX files (default: the usual lookup).")
    Path dataPath;

    @Option(names = "--batch-size", description = "Inference batch size (default: ${DEFAULT-VALUE}).")
    int batchSize = 1000;

    @Option(names = "--threads", description = "ND4J native threads (default: ${DEFAULT-VALUE}).")
    int threads = NativeThreads.DEFAULT;

    @Option(names = "--debug", description = "Print stack traces with errors.")
    boolean debug;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        RankRule chosen = rankRule();
        MultiLayerNetwork net = ModelFactory.readModel(model, null);
        NativeThreads.set(threads);
        Map<String, RankRule> rules = new LinkedHashMap<>();
        for (String layer : layersToFactorize(net)) {
            rules.put(layer, chosen);
        }
        for (Map.Entry<String, Integer> e : ranks.entrySet()) {
            String problem = RankRule.problem(RankRule.Kind.RANK, e.getValue());
            if (problem != null) {
                throw new ParameterException(spec.commandLine(), "--ranks " + e.getKey() + ": " + problem);
            }
            rules.put(e.getKey(), RankRule.rank(e.getValue()));
        }
        LowRankFactorization.Result result;
        try {
            result = LowRankFactorization.factorize(net, rules);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        MultiLayerNetwork factorized = result.network();
        ImageDataset test = ExperimentData.loadTestSet(dataset, dataPath);
        Evaluator evaluator = new Evaluator(batchSize);
        Evaluation before = evaluator.evaluate(net, test.features(), test.labels());
        Evaluation after = evaluator.evaluate(factorized, test.features(), test.labels());
        ModelSummary summaryBefore = ModelSummary.of(net);
        ModelSummary summaryAfter = ModelSummary.of(factorized);

        PrintWriter out = spec.commandLine().getOut();
        String format = "%-8s %-12s %9s %8s %10s %10s %8s %12s %12s %8s%n";
        out.printf(Locale.ROOT, "%s: %s%s%n", model, chosen, ranks.isEmpty() ? "" : ", ranks " + ranks);
        out.printf(Locale.ROOT, format, "layer", "matrix", "rank", "energy", "params", "after", "kept", "MACs", "after", "kept");
        for (LayerFactorization f : result.layers()) {
            long macsBefore = macs(summaryBefore, f.layer());
            long macsAfter = macs(summaryAfter, f.first()) + macs(summaryAfter, f.second());
            long[] mn = LowRankFactorization.matrixShape(net.getLayer(f.layer()).conf().getLayer());
            out.printf(Locale.ROOT, format, f.layer(), mn[0] + "x" + mn[1], f.rank() + "/" + f.fullRank(),
                    String.format(Locale.ROOT, "%.2f%%", 100 * f.energy()), f.paramsBefore(), f.paramsAfter(),
                    percent(f.paramsAfter(), f.paramsBefore()), macsBefore, macsAfter, percent(macsAfter, macsBefore));
        }
        out.printf(Locale.ROOT, format, "network", "", "", "", summaryBefore.params(), summaryAfter.params(),
                percent(summaryAfter.params(), summaryBefore.params()), summaryBefore.macs(), summaryAfter.macs(),
                percent(summaryAfter.macs(), summaryBefore.macs()));
        out.printf(Locale.ROOT, "test top-1 %.4f -> %.4f (%+.2f points), loss %.4f -> %.4f, on %d images (no fine-tuning)%n",
                before.top1(), after.top1(), 100 * (after.top1() - before.top1()), before.loss(), after.loss(),
                after.examples());
        if (save != null) {
            try {
                ModelSerializer.writeModel(factorized, new File(save.toString()), true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.println("factorized model written to " + save);
        }
        return 0;
    }

    private RankRule rankRule() {
        RankRule.Kind kind = rule.rank != null ? RankRule.Kind.RANK : rule.ratio != null ? RankRule.Kind.RATIO : RankRule.Kind.ENERGY;
        double value = rule.rank != null ? rule.rank : rule.ratio != null ? rule.ratio : rule.energy;
        String problem = RankRule.problem(kind, value);
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), "--" + kind.key() + " " + problem);
        }
        return new RankRule(kind, value);
    }

    private List<String> layersToFactorize(MultiLayerNetwork net) {
        List<String> names = new ArrayList<>();
        Layer[] all = net.getLayers();
        for (int i = 0; i < all.length; i++) {
            String name = MultiLayerSurgery.nameOf(all[i].conf().getLayer(), i);
            boolean factorizable = LowRankFactorization.isFactorizable(all[i].conf().getLayer());
            if (layers != null && layers.contains(name) && !factorizable) {
                throw new ParameterException(spec.commandLine(), "layer " + name + " is a "
                        + all[i].conf().getLayer().getClass().getSimpleName()
                        + "; only DenseLayer, OutputLayer and ConvolutionLayer can be factorized");
            }
            if (layers == null ? factorizable && !(all[i].conf().getLayer() instanceof BaseOutputLayer) : layers.contains(name)) {
                names.add(name);
            }
        }
        if (layers != null) {
            for (String name : layers) {
                boolean known = false;
                for (int i = 0; i < all.length; i++) {
                    known |= MultiLayerSurgery.nameOf(all[i].conf().getLayer(), i).equals(name);
                }
                if (!known) {
                    throw new ParameterException(spec.commandLine(), "no layer '" + name + "' in " + model);
                }
            }
        }
        if (names.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no layer to factorize in " + model);
        }
        return names;
    }

    private static long macs(ModelSummary summary, String layer) {
        return summary.layers().stream().filter(l -> l.name().equals(layer)).mapToLong(LayerStats::macs).sum();
    }

    private static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }
}
