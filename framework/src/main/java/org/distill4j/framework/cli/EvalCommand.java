package org.distill4j.framework.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.distill4j.framework.experiment.ExperimentData;
import org.distill4j.framework.experiment.ModelFactory;
import org.distill4j.framework.models.FastLayers;
import org.distill4j.framework.training.Evaluation;
import org.distill4j.framework.training.Evaluator;
import org.distill4j.framework.training.NativeThreads;
import org.distill4j.framework.data.ImageDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Print a saved model's test top-1 and its inference throughput (samples/s, median of timed passes).")
final class EvalCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL_ZIP", description = "A DL4J MultiLayerNetwork zip (runs/x/model.zip) or a .dq integer model (runs/x/model.dq), told apart by content.")
    Path model;

    @Option(names = "--dataset", description = "fashion-mnist or mnist (default: ${DEFAULT-VALUE}).")
    String dataset = "fashion-mnist";

    @Option(names = "--data-path", paramLabel = "DIR", description = "Folder with the IDX files (default: the usual lookup).")
    Path dataPath;

    @Option(names = "--batch-size", description = "Inference batch size (default: ${DEFAULT-VALUE}).")
    int batchSize = 1000;

    @Option(names = "--repeats", description = "Timed passes over the test set after one warm-up (default: ${DEFAULT-VALUE}).")
    int repeats = 5;

    @Option(names = "--threads", description = "ND4J native threads (default: ${DEFAULT-VALUE}).")
    int threads = NativeThreads.DEFAULT;

    @Option(names = "--debug", description = "Print stack traces with errors.")
    boolean debug;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws java.io.IOException {
        if (org.distill4j.framework.quantized.DqModel.isDq(model)) {
            return evalInteger(); // a .dq integer model from a quantizer
        }
        MultiLayerNetwork net = FastLayers.apply(ModelFactory.readModel(model, null));
        NativeThreads.set(threads);
        ImageDataset test = ExperimentData.loadTestSet(dataset, dataPath);
        Evaluator evaluator = new Evaluator(batchSize);
        Evaluation result = evaluator.evaluate(net, test.features(), test.labels());
        double[] rates = new double[Math.max(1, repeats)];
        for (int i = 0; i < rates.length; i++) {
            long start = System.nanoTime();
            evaluator.evaluate(net, test.features(), test.labels());
            rates[i] = test.size() / ((System.nanoTime() - start) / 1e9);
        }
        Arrays.sort(rates);
        spec.commandLine().getOut().printf(Locale.ROOT, "%s: test top-1 %.4f  top-5 %.4f  loss %.4f  on %d images%n",
                model, result.top1(), result.top5(), result.loss(), result.examples());
        spec.commandLine().getOut().printf(Locale.ROOT, "inference: %.0f samples/s (median of %d passes, batch %d, %d thread%s)%n",
                rates[rates.length / 2], rates.length, batchSize, threads, threads == 1 ? "" : "s");
        return 0;
    }

    private int evalInteger() throws java.io.IOException {
        var dq = org.distill4j.framework.quantized.DqModel.read(model);
        ImageDataset test = ExperimentData.loadTestSet(dataset, dataPath);
        double top1 = dq.top1(test.features(), test.labels());
        double rate = dq.throughput(test.features(), repeats);
        spec.commandLine().getOut().printf(Locale.ROOT, "%s: integer model, test top-1 %.4f  on %d images%n", model, top1, test.size());
        spec.commandLine().getOut().printf(Locale.ROOT, "inference: %.0f samples/s (median of %d passes, integer Java loop, 1 thread)%n",
                rate, Math.max(1, repeats));
        return 0;
    }
}
