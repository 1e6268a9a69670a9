package org.distill4j.framework.experiment;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.distill4j.framework.charts.RunCharts;
import org.distill4j.framework.models.FastLayers;
import org.distill4j.framework.models.ModelSummary;
import org.distill4j.framework.quantized.ArtifactReport;
import org.distill4j.framework.run.Checkpoint;
import org.distill4j.framework.run.Json;
import org.distill4j.framework.run.MetricsCsv;
import org.distill4j.framework.run.Provenance;
import org.distill4j.framework.run.RunFolder;
import org.distill4j.framework.run.RunFolderException;
import org.distill4j.framework.run.RunLog;
import org.distill4j.framework.run.RunManifest;
import org.distill4j.framework.training.EpochMetrics;
import org.distill4j.framework.training.EpochProgress;
import org.distill4j.framework.training.Evaluation;
import org.distill4j.framework.training.Evaluator;
import org.distill4j.framework.training.Trainer;
import org.distill4j.schedulers.CompressionScheduler;
import org.distill4j.schedulers.ScheduledPolicy;
import org.distill4j.schedulers.recipe.Recipe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a prepared experiment into a run folder: the recipe as run, run.log, metrics.csv and the
 * charts accuracy.png and sparsity.png after every epoch, then the final test evaluation,
 * summary.txt, model.zip, the charts with the test top-1, and results.json.
 */
public final class ExperimentRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ExperimentRunner.class);
    public static final String MODEL_FILE = "model.zip";

    private final EpochProgress progress;
    private final int threads;

    public ExperimentRunner(EpochProgress progress, int threads) {
        this.progress = progress;
        this.threads = threads;
    }

    /** Trains and reports; returns results.json's content. */
    public Map<String, Object> run(Experiment experiment, ExperimentData data, RunFolder folder) {
        return run(experiment, data, folder, Optional.empty());
    }

    /**
     * Trains and reports, continuing after {@code resumeFrom}'s epoch when a checkpoint is given
     * (the same run folder, its metrics kept); a checkpoint is written after every epoch.
     */
    public Map<String, Object> run(Experiment experiment, ExperimentData data, RunFolder folder,
                                   Optional<Checkpoint> resumeFrom) {
        long start = System.nanoTime();
        Recipe recipe = experiment.recipe();
        try (RunFolder.Lock lock = folder.lock(); RunLog ignored = RunLog.start(folder.resolve("run.log"))) {
            MetricsCsv csv = new MetricsCsv();
            List<Map<String, Object>> epochs = new ArrayList<>();
            int firstEpoch = 0;
            if (resumeFrom.isPresent()) {
                firstEpoch = restore(experiment, resumeFrom.get(), csv, epochs);
                LOG.info("resuming {} after epoch {}", folder.dir(), firstEpoch - 1);
            } else {
                folder.writeString("recipe.yaml", recipe.effectiveYaml());
                recipe.file().ifPresent(file -> new RunManifest(file.toAbsolutePath().toString(), recipe.overrides(),
                        recipe.sha256()).write(folder));
                LOG.info("run folder {}", folder.dir());
            }
            LOG.info("data: {} train, {} validation, {} test images", data.train().size(),
                    data.validation().size(), data.test().size());
            CompressionScheduler scheduler = experiment.scheduler();
            Trainer trainer = new Trainer(recipe.training().epochs(), recipe.training().evalBatchSize(), progress);
            trainer.train((MultiLayerNetwork) scheduler.model(), scheduler, data.trainingData(recipe.training().batchSize(),
                    recipe.training().seed()), experiment.prunedLayers(), firstEpoch, metrics -> {
                        csv.add(metrics);
                        folder.writeString("metrics.csv", csv.render());
                        RunCharts.write(folder, csv.rows(), OptionalDouble.empty());
                        epochs.add(new LinkedHashMap<>(metrics.values()));
                        LOG.info(describe(metrics));
                        Checkpoint.save(folder, metrics.epoch(), (MultiLayerNetwork) scheduler.model(), scheduler, epochs);
                    });

            MultiLayerNetwork net = (MultiLayerNetwork) experiment.scheduler().model();
            Evaluation test = new Evaluator(recipe.training().evalBatchSize())
                    .evaluate(net, data.test().features(), data.test().labels());
            ModelSummary summary = ModelSummary.of(net);
            // plain DL4J layers in the file, so that DL4J alone can load it
            MultiLayerNetwork portable = FastLayers.toStandard(net);
            folder.write(MODEL_FILE, tmp -> ModelSerializer.writeModel(portable, new File(tmp.toString()), true));
            ArtifactReport artifact = ArtifactReport.write(experiment.scheduler(), net, folder, data.test()); // quantizers' model.dq
            folder.writeString("summary.txt", summary.table() + artifact.table());
            RunCharts.write(folder, csv.rows(), OptionalDouble.of(test.top1()));

            Map<String, Object> fin = new LinkedHashMap<>();
            fin.put("test_top1", test.top1());
            fin.put("test_top5", test.top5());
            fin.put("test_loss", test.loss());
            fin.put("params", summary.params());
            fin.put("nonzero_params", summary.nonzeroParams());
            fin.put("weight_sparsity", summary.weightSparsity(experiment.prunedLayers()));
            fin.put("macs", summary.macs());
            fin.put("model_bytes", Files.size(folder.resolve(MODEL_FILE)));
            fin.put("model_path", MODEL_FILE);
            fin.putAll(artifact.finalEntries());

            Map<String, Object> results = new LinkedHashMap<>();
            results.put("recipe", recipe.sourceName());
            results.put("recipe_sha256", recipe.sha256());
            results.put("final", fin);
            results.put("wall_seconds", (System.nanoTime() - start) / 1e9);
            resumeFrom.ifPresent(c -> results.put("resumed_after_epoch", c.epoch()));
            results.put("epochs", epochs);
            results.put("layers", summary.layers());
            if (!artifact.layers().isEmpty()) {
                results.put("quantization", artifact.layers());
            }
            results.put("data", data.provenance());
            results.put("environment", Provenance.environment(threads));
            folder.writeString("results.json", Json.write(results));

            LOG.info("\n{}{}", summary.table(), artifact.table());
            String sparsityOf = experiment.prunedLayers().isEmpty() ? "weight sparsity" : "weight sparsity of the pruned layers";
            LOG.info(String.format(Locale.ROOT, "test top-1 %.4f  loss %.4f  %s %.2f%%  params %d (nonzero %d)  MACs %d  model %d bytes",
                    test.top1(), test.loss(), sparsityOf, 100 * (double) fin.get("weight_sparsity"), summary.params(),
                    summary.nonzeroParams(), summary.macs(), (long) fin.get("model_bytes")));
            LOG.info("results in {}", folder.resolve("results.json"));
            return results;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Puts a checkpoint's network, masks, policy states and metrics in place; returns the next epoch. */
    private static int restore(Experiment experiment, Checkpoint checkpoint, MetricsCsv csv,
                               List<Map<String, Object>> epochs) {
        CompressionScheduler scheduler = experiment.scheduler();
        List<ScheduledPolicy> policies = scheduler.policies();
        if (checkpoint.policyStates().size() != policies.size()) {
            throw new RunFolderException("the checkpoint holds " + checkpoint.policyStates().size()
                    + " policy states but the recipe schedules " + policies.size());
        }
        scheduler.replaceModel(checkpoint.model());
        for (String name : List.copyOf(scheduler.masks().asMap().keySet())) {
            scheduler.masks().remove(name);
        }
        checkpoint.masks().forEach(scheduler.masks()::set);
        for (int i = 0; i < policies.size(); i++) {
            if (checkpoint.policyStates().get(i) != null) {
                policies.get(i).policy().restoreState(checkpoint.policyStates().get(i));
            }
        }
        for (Map<String, Object> row : checkpoint.history()) {
            Map<String, Double> values = new LinkedHashMap<>();
            row.forEach((k, v) -> values.put(k, ((Number) v).doubleValue()));
            csv.add(new EpochMetrics(values.get("epoch").intValue(), values));
            epochs.add(new LinkedHashMap<>(row));
        }
        return checkpoint.epoch() + 1;
    }

    private static String describe(EpochMetrics m) {
        Map<String, Double> v = m.values();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "epoch %d  lr %.5f  train loss %.4f  val top-1 %.4f  sparsity %.2f%%  %.1fs",
                m.epoch(), v.get("lr"), v.get("train_loss"), v.get("val_top1"), 100 * v.get("weight_sparsity"),
                v.get("seconds")));
        v.forEach((k, value) -> {
            if (k.contains(".")) {
                b.append(String.format(Locale.ROOT, "  %s %.4g", k, value));
            }
        });
        return b.toString();
    }
}
