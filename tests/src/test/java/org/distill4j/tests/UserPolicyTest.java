package org.distill4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Write your own policy" example, compiled here and run from a recipe by its class name. */
class UserPolicyTest {
    @TempDir
    Path dir;

    static final String RECIPE = """
            version: 1
            model: {arch: lenet300_100}
            dataset: {name: fashion-mnist, path: DATA, validation_size: 200, max_train: 600}
            training:
              epochs: 1
              optimizer: {type: adam, lr: 0.01}
            regularizers:
              clip:
                class: org.distill4j.tests.example.WeightClippingPolicy
                max_abs: 0.05
                weights: ['fc[12]\\.W']
            policies:
              - regularizer: {instance_name: clip}
            """;

    @Test
    void aUserPolicyNamedByItsClassRunsLikeABuiltIn() throws Exception {
        Path out = dir.resolve("run");
        SmallData.Outcome outcome = SmallData.distill("run", SmallData.recipe(dir, "clip.yaml", RECIPE).toString(),
                "--out", out.toString());
        assertEquals(0, outcome.status(), outcome.err());
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(new File(out.resolve("model.zip").toString()));
        assertTrue(net.getLayer(0).getParam("W").amaxNumber().doubleValue() <= 0.05 + 1e-7);
        assertTrue(net.getLayer(2).getParam("W").amaxNumber().doubleValue() > 0.05, "fc3 is not clipped");
    }

    @Test
    void theReadmeShowsTheExampleAsCompiledHere() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String example = Files.readString(Path.of("src/test/java/org/distill4j/tests/example/WeightClippingPolicy.java"));
        String body = example.substring(example.indexOf("public class"));
        assertTrue(readme.contains(body.strip()), "README.md must show WeightClippingPolicy exactly as compiled");
    }
}
