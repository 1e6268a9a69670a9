package org.distill4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.distill4j.framework.data.DatasetLoader;
import org.distill4j.framework.data.DatasetRequest;
import org.distill4j.framework.data.ImageDataset;
import org.distill4j.framework.models.ModelZoo;
import org.distill4j.framework.models.OptimizerSettings;
import org.distill4j.schedulers.CompressionScheduler;
import org.distill4j.schedulers.PolicyRegistry;
import org.distill4j.schedulers.recipe.Recipe;
import org.distill4j.schedulers.recipe.RecipeLoader;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

/** A DL4J user keeps their own fit loop and attaches the scheduler as a TrainingListener. */
class OwnTrainingLoopTest {

    @Test
    void theSchedulerPrunesThroughATrainingListenerInAUsersFitLoop() {
        Recipe recipe = RecipeLoader.parse(SmallData.PRUNED_MLP.replace("DATA", SmallData.folder().toString()),
                "inline", null, List.of());
        CompressionScheduler scheduler = new CompressionScheduler(recipe.buildPolicies(PolicyRegistry.discover()));
        MultiLayerNetwork net = ModelZoo.build("lenet300_100", List.of(), 1, OptimizerSettings.sgd(0.05));
        net.setListeners(scheduler.asTrainingListener());

        ImageDataset train = DatasetLoader.fromEnvironment(false)
                .load(DatasetRequest.of("fashion-mnist", 1).withPath(SmallData.folder()).withValidationSize(0)).train();
        List<DataSet> batches = new DataSet(train.features(), train.oneHotLabels()).batchBy(100);
        for (int epoch = 0; epoch < 3; epoch++) {
            net.fit(new ListDataSetIterator<>(batches));
        }

        double zeros = net.getLayer(0).getParam("W").eq(0).castTo(org.nd4j.linalg.api.buffer.DataType.INT)
                .sumNumber().doubleValue() / net.getLayer(0).getParam("W").length();
        assertEquals(0.7, zeros, 1e-3);
    }
}
