package org.distill4j.framework.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.distill4j.framework.bench.BenchResult;
import org.distill4j.framework.bench.BenchSettings;
import org.distill4j.framework.bench.Benchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure training and inference samples/s of the zoo models on real training batches.",
                "Variants: a bare DL4J fit loop; distill4j's step with no policy, with a 90%% AGP pruner, with int8 QAT",
                "and under a concurrent teacher forward pass; inference; at each thread count, interleaved chunk by",
                "chunk, medians of the timed chunks."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--models", split = ",", description = "Zoo architectures (default: ${DEFAULT-VALUE}).")
    List<String> models = List.of("lenet300_100", "lenet5");

    @Option(names = "--threads", split = ",", description = "ND4J thread counts, side by side (default: ${DEFAULT-VALUE}).")
    List<Integer> threads = List.of(1, 2);

    @Option(names = "--batch-size", description = "Minibatch size (default: ${DEFAULT-VALUE}).")
    int batchSize = 128;

    @Option(names = "--batches-per-chunk", description = "Minibatches per chunk; 0: 100 for MLPs, 20 for LeNet-5 (default: ${DEFAULT-VALUE}).")
    int batchesPerChunk = 0;

    @Option(names = "--warmup", description = "Untimed chunks per variant (default: ${DEFAULT-VALUE}).")
    int warmup = 1;

    @Option(names = "--chunks", description = "Timed chunks per variant; the median is reported (default: ${DEFAULT-VALUE}).")
    int chunks = 5;

    @Option(names = "--no-teacher", description = "Skip the run under a concurrent teacher forward pass.")
    boolean noTeacher;

    @Option(names = "--no-stock", description = "Skip the bare loop on DL4J as it ships (its own layers and shape buffers).")
    boolean noStock;

    @Option(names = "--dataset", description = "fashion-mnist or mnist (default: ${DEFAULT-VALUE}).")
    String dataset = "fashion-mnist";

    @Option(names = "--data-path", paramLabel = "DIR", description = "Folder with the IDX files (default: the usual lookup).")
    Path dataPath;

    @Option(names = "--max-train", description = "Training examples to load, 0 for all (default: ${DEFAULT-VALUE}).")
    int maxTrain = 0;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the results as CSV to FILE.")
    Path out;

    @Option(names = "--debug", description = "Print stack traces with errors.")
    boolean debug;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        BenchSettings settings = new BenchSettings(models, threads, batchSize, batchesPerChunk, warmup, chunks,
                !noTeacher, !noStock, dataset, dataPath, maxTrain);
        var printer = spec.commandLine().getOut();
        String loadBefore = Benchmark.loadAverage();
        List<BenchResult> results = new Benchmark(settings, spec.commandLine().getErr()).run();
        printer.print(Benchmark.table(results));
        printer.printf("load average (1 min): %s at the start, %s at the end; %d cores%n", loadBefore,
                Benchmark.loadAverage(), Runtime.getRuntime().availableProcessors());
        if (out != null) {
            try {
                if (out.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(out.toAbsolutePath().getParent());
                }
                Files.writeString(out, Benchmark.csv(results));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
            }
            printer.println("wrote " + out);
        }
        printer.flush();
        return 0;
    }
}
