package org.distill4j.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.distill4j.framework.data.ImageDataset;
import org.distill4j.framework.experiment.ModelFactory;
import org.distill4j.framework.models.FastLayers;
import org.distill4j.framework.sense.PruneKind;
import org.distill4j.framework.sense.SensedWeights;
import org.distill4j.framework.sense.SensitivityAnalysis;
import org.distill4j.framework.sense.SensitivityPoint;
import org.distill4j.framework.sense.ValidationSplit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code distill sense} on a LeNet-5 trained from a recipe on the small real Fashion-MNIST subset. */
class SenseEndToEndTest {
    static final String LENET5 = """
            version: 1
            model: {arch: lenet5}
            dataset: {name: fashion-mnist, path: DATA, validation_size: 300}
            training:
              epochs: 2
              batch_size: 64
              seed: 7
              optimizer: {type: adam, lr: 0.002}
            """;
    static final List<String> TENSORS = List.of("conv1.W", "conv2.W", "fc1.W", "fc2.W");

    @TempDir
    static Path dir;
    static Path out;
    static SmallData.Outcome sense;
    static List<String[]> rows;

    @BeforeAll
    static void senseARecipe() throws Exception {
        Path recipe = SmallData.recipe(dir, "lenet5.yaml", LENET5);
        out = dir.resolve("sense");
        sense = SmallData.distill("sense", recipe.toString(), "--range", "0:0.9:0.3", "--out", out.toString());
        rows = Files.readAllLines(out.resolve("sensitivity.csv")).stream().skip(1).map(l -> l.split(",")).toList();
    }

    private static double top1(String parameter, double level) {
        return rows.stream().filter(r -> r[0].equals(parameter) && Double.parseDouble(r[1]) == level)
                .mapToDouble(r -> Double.parseDouble(r[2])).findFirst().orElseThrow();
    }

    private static double lastValidationTop1(Path run) throws Exception {
        List<String> metrics = Files.readAllLines(run.resolve("metrics.csv"));
        int column = Arrays.asList(metrics.get(0).split(",")).indexOf("val_top1");
        return Double.parseDouble(metrics.get(metrics.size() - 1).split(",")[column]);
    }

    @Test
    void theRecipeIsTrainedIntoACompleteRunFolderFirst() {
        assertEquals(0, sense.status(), sense.err());
        for (String name : List.of("recipe.yaml", "metrics.csv", "results.json", "model.zip", "accuracy.png", "sparsity.png")) {
            assertTrue(Files.isRegularFile(out.resolve("train").resolve(name)), name);
        }
        assertTrue(sense.out().contains("300 training images held out by seed 7"), sense.out());
    }

    @Test
    void theCsvHasOneRowPerTensorAndLevel() throws Exception {
        assertEquals("parameter,sparsity,top1,top5,loss", Files.readAllLines(out.resolve("sensitivity.csv")).get(0));
        assertEquals(TENSORS.size() * 4, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(TENSORS.get(i / 4), rows.get(i)[0]);
            assertEquals(List.of(0.0, 0.3, 0.6, 0.9).get(i % 4), Double.parseDouble(rows.get(i)[1]));
        }
        assertTrue(sense.out().contains("sparsity   conv1.W  conv2.W    fc1.W    fc2.W"), sense.out());
    }

    @Test
    void sparsityZeroIsTheModelsOwnValidationTop1AndHighSparsityHurts() throws Exception {
        double own = lastValidationTop1(out.resolve("train"));
        for (String t : TENSORS) {
            assertEquals(own, top1(t, 0.0), 1e-5, t);
        }
        double worst = TENSORS.stream().mapToDouble(t -> top1(t, 0.9)).min().orElseThrow();
        assertTrue(worst < own - 0.1, "90% of one tensor pruned: " + worst + " vs " + own);
    }

    @Test
    void theChartIsAPng() throws Exception {
        byte[] png = Files.readAllBytes(out.resolve("sensitivity.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, Arrays.copyOf(png, 8));
        assertTrue(ImageIO.read(out.resolve("sensitivity.png").toFile()).getWidth() > 100);
        try (var files = Files.list(out)) {
            assertEquals(List.of("sensitivity.csv", "sensitivity.png", "train"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file is left");
        }
    }

    @Test
    void theAnalysisGivesTheModelBackUnchanged() {
        Path model = out.resolve("train").resolve("model.zip");
        MultiLayerNetwork net = FastLayers.apply(ModelFactory.readModel(model, null));
        INDArray before = net.params().dup();
        ImageDataset validation = ValidationSplit.forModel(model, new ValidationSplit.Choices(null, null, null, null)).load();
        List<SensitivityPoint> points = new SensitivityAnalysis(net, validation, 128).run(
                SensedWeights.select(net, PruneKind.FILTER, List.of()).weights(), List.of(0.0, 0.5), PruneKind.FILTER,
                (w, p, s) -> { });
        assertEquals(8, points.size());
        assertArrayEquals(before.toFloatVector(), net.params().toFloatVector());
        assertEquals(top1("conv1.W", 0.0), points.get(0).top1(), 1e-6, "the same split as the command's");
    }

    @Test
    void filterAnalysisOfASavedModelWithChosenWeights() throws Exception {
        Path filter = dir.resolve("filter");
        SmallData.Outcome o = SmallData.distill("sense", out.resolve("train").resolve("model.zip").toString(),
                "--kind", "filter", "--range", "0:0.5:0.25", "--weights", "conv.*", "--out", filter.toString());
        assertEquals(0, o.status(), o.err());
        List<String> csv = Files.readAllLines(filter.resolve("sensitivity.csv"));
        assertEquals(1 + 2 * 3, csv.size());
        assertTrue(csv.get(1).startsWith("conv1.W,0.0000,") && csv.get(6).startsWith("conv2.W,0.5000,"), csv.toString());
        assertEquals(top1("conv2.W", 0.0), Double.parseDouble(csv.get(4).split(",")[2]), 1e-6);
    }

    @Test
    void badInputIsOneLineAndExitTwoAndWritesNothing() throws Exception {
        String model = out.resolve("train").resolve("model.zip").toString();
        String recipe = dir.resolve("lenet5.yaml").toString();
        Path target = dir.resolve("never");
        List<List<String>> cases = List.of(
                List.of(dir.resolve("missing.zip").toString()),
                List.of(dir.resolve("missing.yaml").toString()),
                List.of(model, "--range", "0.5:0.1:0.1"),
                List.of(model, "--range", "a:b:c"),
                List.of(model, "--weights", "conv9.*"),
                List.of(model, "--kind", "channel"),
                List.of(model, "--set", "training.epochs=1"),
                List.of(recipe, "--seed", "3"));
        List<String> expected = List.of("no such model file", "no such recipe file", "above STOP", "START:STOP:STEP",
                "matches no parameter", "element or filter", "--set changes a recipe", "are for a MODEL_ZIP");
        for (int i = 0; i < cases.size(); i++) {
            List<String> args = new java.util.ArrayList<>(List.of("sense"));
            args.addAll(cases.get(i));
            args.addAll(List.of("--out", target.toString()));
            SmallData.Outcome o = SmallData.distill(args.toArray(String[]::new));
            assertEquals(2, o.status(), args + ": " + o.err());
            assertEquals(1, o.err().lines().count(), args + ": " + o.err());
            assertTrue(o.err().startsWith("distill: ") && o.err().contains(expected.get(i)), args + ": " + o.err());
            assertFalse(o.err().contains("Exception"), o.err());
            assertFalse(Files.exists(target), args + " created the output folder");
        }
    }
}
