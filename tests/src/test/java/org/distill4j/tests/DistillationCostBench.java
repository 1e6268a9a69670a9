package org.distill4j.tests;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.distill4j.framework.experiment.Experiment;
import org.distill4j.framework.experiment.ExperimentData;
import org.distill4j.framework.training.NativeThreads;
import org.distill4j.framework.training.Trainer;
import org.distill4j.framework.training.TrainingData;
import org.distill4j.schedulers.CompressionScheduler;
import org.distill4j.schedulers.PolicyRegistry;
import org.distill4j.schedulers.SchedulerTrainingListener;
import org.distill4j.schedulers.recipe.Recipe;
import org.distill4j.schedulers.recipe.RecipeLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Measures what distillation adds to a student epoch, on the full Fashion-MNIST: the shipped
 * student-baseline.yaml and student-kd.yaml train side by side on the same batches, alternating
 * chunks of 20 steps so that load from other processes hits both alike. Prints, per epoch, the
 * seconds of plain and distilled steps and their ratio; epoch 0 includes the teacher's one pass
 * over the training set (its logits are cached for later epochs).
 *
 * <p>Run: {@code mvn -o test -pl tests -Dtest=DistillationCostBench
 * -Ddistill4j.bench.teacher=/path/to/teacher.zip [-Ddistill4j.bench.epochs=4]}.
 */
@EnabledIfSystemProperty(named = "distill4j.bench.teacher", matches = ".+")
class DistillationCostBench {
    private static final int CHUNK = 20;

    @Test
    void distillationEpochCostComparedWithAPlainEpoch() {
        NativeThreads.set(1);
        int epochs = Integer.getInteger("distill4j.bench.epochs", 4);
        List<String> common = List.of("training.epochs=" + epochs);
        Recipe plainRecipe = RecipeLoader.load(Path.of("..", "recipes", "fashion-mnist", "student-baseline.yaml"), common);
        Recipe kdRecipe = RecipeLoader.load(Path.of("..", "recipes", "fashion-mnist", "student-kd.yaml"),
                List.of("training.epochs=" + epochs, "distillers.kd.teacher=" + System.getProperty("distill4j.bench.teacher")));
        Experiment plain = Experiment.prepare(plainRecipe, PolicyRegistry.discover());
        Experiment kd = Experiment.prepare(kdRecipe, PolicyRegistry.discover());
        ExperimentData data = ExperimentData.load(plainRecipe.dataset(), plainRecipe.training().seed());
        TrainingData training = data.trainingData(plainRecipe.training().batchSize(), plainRecipe.training().seed());
        plain.net().setListeners(new SchedulerTrainingListener(plain.scheduler(), false));
        kd.net().setListeners(new SchedulerTrainingListener(kd.scheduler(), false));
        double plainTotal = 0;
        double kdTotal = 0;
        double kdSteady = 0;
        double plainSteady = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            List<DataSet> batches = training.epochBatches(epoch);
            long kdNanos = 0;
            long plainNanos = 0;
            long t = System.nanoTime();
            kd.scheduler().onEpochBegin(epoch, batches.size()); // loads the teacher in epoch 0
            kdNanos += System.nanoTime() - t;
            plain.scheduler().onEpochBegin(epoch, batches.size());
            for (int from = 0; from < batches.size(); from += CHUNK) {
                int to = Math.min(batches.size(), from + CHUNK);
                plainNanos += steps(plain.net(), plain.scheduler(), batches, training, from, to);
                kdNanos += steps(kd.net(), kd.scheduler(), batches, training, from, to);
            }
            plain.scheduler().onEpochEnd(Map.of());
            kd.scheduler().onEpochEnd(Map.of());
            double p = plainNanos / 1e9;
            double k = kdNanos / 1e9;
            plainTotal += p;
            kdTotal += k;
            if (epoch > 0) {
                plainSteady += p;
                kdSteady += k;
            }
            System.out.printf(Locale.ROOT, "epoch %d: plain %.2fs, distilled %.2fs, ratio %.3f  %s%n", epoch, p, k, k / p,
                    kd.scheduler().epochReports());
        }
        System.out.printf(Locale.ROOT, "DISTILLATION COST: epochs 1..%d ratio %.3f (cached teacher logits); all %d epochs"
                + " ratio %.3f (epoch 0 runs the teacher once)%n", epochs - 1, kdSteady / plainSteady, epochs, kdTotal / plainTotal);
    }

    private static long steps(MultiLayerNetwork net, CompressionScheduler scheduler, List<DataSet> batches,
                              TrainingData training, int from, int to) {
        long start = System.nanoTime();
        for (int i = from; i < to; i++) {
            Trainer.step(net, scheduler, batches.get(i), training.exampleIndices(i).orElse(null));
        }
        return System.nanoTime() - start;
    }
}
