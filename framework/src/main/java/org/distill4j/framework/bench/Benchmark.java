package org.distill4j.framework.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.distill4j.framework.data.DatasetLoader;
import org.distill4j.framework.data.DatasetRequest;
import org.distill4j.framework.data.EpochBatches;
import org.distill4j.framework.data.ImageDataset;
import org.distill4j.framework.models.ModelZoo;
import org.distill4j.framework.models.OptimizerSettings;
import org.distill4j.framework.training.NativeThreads;
import org.distill4j.framework.training.ShapeInfoCache;
import org.distill4j.framework.training.Trainer;
import org.distill4j.schedulers.PolicyRegistry;
import org.distill4j.schedulers.CompressionScheduler;
import org.distill4j.schedulers.LearningRateControl;
import org.distill4j.schedulers.SchedulerTrainingListener;
import org.distill4j.schedulers.recipe.Recipe;
import org.distill4j.schedulers.recipe.RecipeLoader;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Measures training and inference samples/s of zoo models on real training batches.
 *
 * <p>Per model, every variant has its own network (same seed) and walks the same batches:
 * <ul>
 *   <li>{@code bare-fit}: {@code net.fit(batch)}, no listener — plain DL4J on the same layers;</li>
 *   <li>{@code distill4j}: {@link Trainer#step} with an empty {@link CompressionScheduler} attached
 *       through its {@link SchedulerTrainingListener}, as {@code distill run} trains;</li>
 *   <li>{@code distill4j+agp}: the same with an AutomatedGradualPruner at 90% built from a recipe;
 *       its masks are applied to gradients and weights at every step;</li>
 *   <li>{@code distill4j+qat8}: the same with 8-bit quantization-aware training as
 *       lenet5-qat-int8.yaml configures it (fake-quantized weights and activations);</li>
 *   <li>{@code distill4j+teacher}: {@code distill4j} while another thread runs a teacher's
 *       {@code output(batch)} in a loop, as knowledge distillation will;</li>
 *   <li>{@code inference}: {@code net.output(features)};</li>
 *   <li>{@code bare-fit-stock-dl4j}: {@code bare-fit} as DL4J ships: its own convolution and dense layers
 *       (not {@link org.distill4j.framework.models.FastLayers}') and its own shape-buffer provider
 *       (not {@link ShapeInfoCache}).</li>
 * </ul>
 * Rounds run every variant at every thread count for one chunk; the first {@code warmupChunks}
 * rounds are not recorded. Interleaving puts a shared machine's changing load on all variants alike.
 */
public final class Benchmark {
    private final BenchSettings settings;
    private final PrintWriter log;

    public Benchmark(BenchSettings settings, PrintWriter log) {
        this.settings = settings;
        this.log = log;
    }

    public List<BenchResult> run() {
        ShapeInfoCache.install();
        ImageDataset train = loadTrainingSet();
        List<DataSet> batches = new EpochBatches(train, settings.batchSize()).shuffledBatches(new Random(1));
        if (batches.size() > 1 && batches.get(batches.size() - 1).numExamples() < settings.batchSize()) {
            batches = batches.subList(0, batches.size() - 1); // full batches only
        }
        List<BenchResult> results = new ArrayList<>();
        for (String model : settings.models()) {
            results.addAll(runModel(model, batches));
        }
        return results;
    }

    private ImageDataset loadTrainingSet() {
        DatasetRequest request = DatasetRequest.of(settings.dataset(), 1).withPath(settings.dataPath())
                .withValidationSize(0);
        if (settings.maxTrain() > 0) {
            request = request.withMaxTrain(settings.maxTrain());
        }
        return DatasetLoader.fromEnvironment(false).load(request).train();
    }

    private List<BenchResult> runModel(String model, List<DataSet> batches) {
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant("bare-fit", 1, fitter(net(model, true))));
        variants.add(new Variant("distill4j", 1, stepper(net(model, true), new CompressionScheduler(List.of()))));
        variants.add(new Variant("distill4j+agp", 1, stepper(net(model, true), agpScheduler(model))));
        variants.add(new Variant("distill4j+qat8", 1, stepper(net(model, true), qatScheduler(model))));
        if (settings.teacherLoad()) {
            variants.add(new Variant("distill4j+teacher", 1, withTeacher(
                    stepper(net(model, true), new CompressionScheduler(List.of())), net(model, true), batches.get(0))));
        }
        variants.add(new Variant("inference", 1, inferrer(net(model, true))));
        if (settings.stockDl4j()) {
            ChunkRunner stock = fitter(net(model, false));
            variants.add(new Variant("bare-fit-stock-dl4j", model.equals("lenet5") ? 4 : 1,
                    chunk -> ShapeInfoCache.withoutCache(() -> stock.run(chunk))));
        }
        int perChunk = settings.batchesPerChunk(model);
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        int[] cursor = new int[variants.size()];
        for (int round = 0; round < settings.warmupChunks() + settings.chunks(); round++) {
            boolean timed = round >= settings.warmupChunks();
            for (int threads : settings.threads()) {
                NativeThreads.set(threads);
                for (int v = 0; v < variants.size(); v++) {
                    Variant variant = variants.get(v);
                    int n = Math.max(1, perChunk / variant.chunkDivisor());
                    List<DataSet> chunk = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        chunk.add(batches.get(cursor[v]++ % batches.size()));
                    }
                    double rate = variant.runner().run(chunk);
                    if (timed) {
                        rates.computeIfAbsent(variant.name() + "@" + threads, k -> new ArrayList<>()).add(rate);
                    }
                }
            }
            log.printf(Locale.ROOT, "%s: %s round %d/%d done (load %s)%n", model, timed ? "timed" : "warm-up",
                    round + 1, settings.warmupChunks() + settings.chunks(), loadAverage());
            log.flush();
        }
        NativeThreads.set(NativeThreads.DEFAULT);
        List<BenchResult> results = new ArrayList<>();
        for (Variant variant : variants) {
            for (int threads : settings.threads()) {
                List<Double> r = rates.get(variant.name() + "@" + threads);
                results.add(new BenchResult(model, variant.name(), threads, r.stream().mapToDouble(Double::doubleValue).toArray()));
            }
        }
        return results;
    }

    private static MultiLayerNetwork net(String model, boolean fastLayers) {
        return ModelZoo.build(model, List.of(), 42, optimizer(model), fastLayers);
    }

    /** The optimizer of the model's baseline recipe: Adam 1e-3 for LeNet-5, Nesterov 0.05/0.9 otherwise. */
    static OptimizerSettings optimizer(String model) {
        return model.equals("lenet5")
                ? new OptimizerSettings("adam", 1e-3, 0, 0, 0.9, 0.999, 1e-8)
                : new OptimizerSettings("nesterov", 0.05, 0.9, 0, 0.9, 0.999, 1e-8);
    }

    /** AGP to 90% over every weight tensor, active in epoch 0 only, so its first epoch already sets the final masks. */
    private CompressionScheduler agpScheduler(String model) {
        String weights = model.equals("lenet5") ? "[conv1.W, conv2.W, fc1.W, fc2.W]" : "[fc1.W, fc2.W, fc3.W]";
        return scheduler(model, """
                pruners:
                  agp: {class: AutomatedGradualPruner, initial_sparsity: 0.05, final_sparsity: 0.90, weights: %s}
                policies:
                  - pruner: {instance_name: agp}
                    epochs: [0]
                """.formatted(weights));
    }

    /** 8-bit quantization-aware training as lenet5-qat-int8.yaml configures it, active in epoch 0. */
    private CompressionScheduler qatScheduler(String model) {
        return scheduler(model, """
                quantizers:
                  int8:
                    class: QuantAwareTrainRangeLinearQuantizer
                    bits_weights: 8
                    bits_activations: 8
                    bits_bias: 32
                    mode: {weights: symmetric, activations: asymmetric_unsigned}
                    per_channel_wts: true
                    ema_decay: 0.999
                policies:
                  - quantizer: {instance_name: int8}
                    epochs: [0]
                """);
    }

    /** A one-epoch recipe for {@code model} with the given policy sections, built into a scheduler. */
    private CompressionScheduler scheduler(String model, String policySections) {
        String text = """
                version: 1
                model: {arch: %s}
                dataset: {name: %s}
                training: {epochs: 1, batch_size: %d, seed: 42, optimizer: {type: sgd, lr: 0.1}}
                """.formatted(model, settings.dataset(), settings.batchSize()) + policySections;
        Recipe recipe = RecipeLoader.parse(text, "bench", null, List.of());
        return new CompressionScheduler(recipe.buildPolicies(PolicyRegistry.discover()));
    }

    private static ChunkRunner fitter(MultiLayerNetwork net) {
        return chunk -> {
            long start = System.nanoTime();
            for (DataSet batch : chunk) {
                net.fit(batch);
            }
            return rate(chunk, start);
        };
    }

    private static ChunkRunner stepper(MultiLayerNetwork net, CompressionScheduler scheduler) {
        scheduler.attach(net, LearningRateControl.of(net));
        scheduler.onEpochBegin(0, Integer.MAX_VALUE);
        net.setListeners(new SchedulerTrainingListener(scheduler, false));
        return chunk -> {
            long start = System.nanoTime();
            for (DataSet batch : chunk) {
                Trainer.step(net, scheduler, batch);
            }
            return rate(chunk, start);
        };
    }

    private static ChunkRunner inferrer(MultiLayerNetwork net) {
        return chunk -> {
            long start = System.nanoTime();
            for (DataSet batch : chunk) {
                net.output(batch.getFeatures());
            }
            return rate(chunk, start);
        };
    }

    /** Runs {@code training} while a daemon thread loops {@code teacher.output(batch)}; reports the training rate. */
    private ChunkRunner withTeacher(ChunkRunner training, MultiLayerNetwork teacher, DataSet batch) {
        return chunk -> {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong passes = new AtomicLong();
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    teacher.output(batch.getFeatures());
                    passes.incrementAndGet();
                }
            }, "bench-teacher");
            t.setDaemon(true);
            t.start();
            try {
                return training.run(chunk);
            } finally {
                stop.set(true);
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    private static double rate(List<DataSet> chunk, long start) {
        long samples = 0;
        for (DataSet b : chunk) {
            samples += b.numExamples();
        }
        return samples / ((System.nanoTime() - start) / 1e9);
    }

    /** The 1-minute load average, or "?" where /proc/loadavg is missing. */
    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    /** A fixed-width table: median, min and max samples/s, and each training variant relative to bare-fit. */
    public static String table(List<BenchResult> results) {
        StringBuilder b = new StringBuilder();
        String format = "%-13s %-20s %7s %12s %10s %10s %9s%n";
        b.append(String.format(Locale.ROOT, format, "model", "variant", "threads", "median/s", "min/s", "max/s", "vs bare"));
        for (BenchResult r : results) {
            String versus = "";
            if (!r.variant().equals("bare-fit") && !r.variant().equals("inference")) {
                BenchResult bare = find(results, r.model(), "bare-fit", r.threads());
                if (bare != null) {
                    versus = String.format(Locale.ROOT, "%+.1f%%", 100 * (bare.median() / r.median() - 1));
                }
            }
            b.append(String.format(Locale.ROOT, format, r.model(), r.variant(), r.threads(),
                    String.format(Locale.ROOT, "%.0f", r.median()), String.format(Locale.ROOT, "%.0f", r.min()),
                    String.format(Locale.ROOT, "%.0f", r.max()), versus));
        }
        b.append("vs bare: extra time per training step over bare-fit at the same thread count (+5% = 5% slower)\n");
        return b.toString();
    }

    /** CSV: model,variant,threads,median,min,max,chunks,chunk rates (semicolon-separated). */
    public static String csv(List<BenchResult> results) {
        StringBuilder b = new StringBuilder("model,variant,threads,median_samples_per_s,min,max,chunks,chunk_rates\n");
        for (BenchResult r : results) {
            StringBuilder rates = new StringBuilder();
            for (double x : r.chunkRates()) {
                rates.append(rates.length() == 0 ? "" : ";").append(String.format(Locale.ROOT, "%.1f", x));
            }
            b.append(String.format(Locale.ROOT, "%s,%s,%d,%.1f,%.1f,%.1f,%d,%s%n", r.model(), r.variant(), r.threads(),
                    r.median(), r.min(), r.max(), r.chunkRates().length, rates));
        }
        return b.toString();
    }

    private static BenchResult find(List<BenchResult> results, String model, String variant, int threads) {
        for (BenchResult r : results) {
            if (r.model().equals(model) && r.variant().equals(variant) && r.threads() == threads) {
                return r;
            }
        }
        return null;
    }

    @FunctionalInterface
    private interface ChunkRunner {
        /** Runs the chunk and returns samples per second. */
        double run(List<DataSet> chunk);
    }

    /** @param chunkDivisor runs a chunk of {@code batchesPerChunk / chunkDivisor} batches (slow variants) */
    private record Variant(String name, int chunkDivisor, ChunkRunner runner) {
    }
}
