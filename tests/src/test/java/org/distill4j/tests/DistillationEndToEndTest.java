package org.distill4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.distill4j.framework.experiment.TeacherCache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Knowledge distillation through the command line on the real subset: a recipe teacher trained once
 * and reused, distillation switched on and off by the schedule next to a pruner, the loss
 * components in metrics.csv, and {@code distill compare}.
 */
class DistillationEndToEndTest {
    @TempDir
    Path dir;
    private String savedProperty;

    static final String TEACHER = """
            version: 1
            model: {arch: mlp, hidden: [64]}
            dataset: {name: fashion-mnist, path: DATA, validation_size: 200}
            training:
              epochs: 2
              batch_size: 64
              seed: 3
              optimizer: {type: adam, lr: 0.002}
            """;

    static final String STUDENT = """
            version: 1
            model: {arch: lenet300_100}
            dataset: {name: fashion-mnist, path: DATA, validation_size: 200}
            training:
              epochs: 3
              batch_size: 64
              seed: 7
              optimizer: {type: sgd, lr: 0.05, momentum: 0.9}
            distillers:
              kd: {class: KnowledgeDistillationPolicy, teacher: teacher.yaml, temperature: 2.0,
                   distill_weight: 0.7, student_weight: 0.3}
            pruners:
              agp:
                class: AutomatedGradualPruner
                initial_sparsity: 0.3
                final_sparsity: 0.7
                weights: [fc1.W, fc2.W]
            policies:
              - pruner: {instance_name: agp}
                starting_epoch: 0
                ending_epoch: 2
              - distiller: {instance_name: kd}
                epochs: [1, 2]
            """;

    @BeforeEach
    void privateTeacherCache() {
        savedProperty = System.getProperty("distill4j.teachers");
        System.setProperty("distill4j.teachers", dir.resolve("teachers").toString());
    }

    @AfterEach
    void restoreProperty() {
        if (savedProperty == null) {
            System.clearProperty("distill4j.teachers");
        } else {
            System.setProperty("distill4j.teachers", savedProperty);
        }
    }

    @Test
    void aRecipeTeacherIsTrainedOnceAndDistilsIntoAPrunedStudentInItsEpochsOnly() throws Exception {
        SmallData.recipe(dir, "teacher.yaml", TEACHER);
        Path student = SmallData.recipe(dir, "student.yaml", STUDENT);
        SmallData.Outcome first = SmallData.distill("run", student.toString(), "--out", dir.resolve("run1").toString());
        assertEquals(0, first.status(), first.err());

        Path cached = TeacherCache.entry(Files.readString(dir.resolve("teacher.yaml"))).resolve("model.zip");
        assertTrue(Files.isRegularFile(cached), "the teacher is cached at " + cached);
        assertTrue(Files.isRegularFile(cached.resolveSibling("results.json")), "with its run folder");
        long stamp = Files.getLastModifiedTime(cached).toMillis();

        List<String> csv = Files.readAllLines(dir.resolve("run1").resolve("metrics.csv"));
        List<String> header = List.of(csv.get(0).split(","));
        int hard = header.indexOf("kd.hard_ce");
        int soft = header.indexOf("kd.distill_term");
        assertTrue(hard > 0 && soft > 0, csv.get(0));
        assertEquals("", cell(csv.get(1), hard), "no distillation in epoch 0");
        assertTrue(Double.parseDouble(cell(csv.get(2), hard)) > 0 && Double.parseDouble(cell(csv.get(3), soft)) > 0);
        String results = Files.readString(dir.resolve("run1").resolve("results.json"));
        assertTrue(results.contains("\"kd.distill_term\""), "results.json carries the components");

        MultiLayerNetwork saved = ModelSerializer.restoreMultiLayerNetwork(dir.resolve("run1").resolve("model.zip").toFile(), false);
        assertInstanceOf(LossMCXENT.class, ((BaseOutputLayer) saved.getOutputLayer().conf().getLayer()).getLossFn(),
                "the saved student carries its own loss");
        double zeros = saved.getParam("0_W").eq(0).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).meanNumber().doubleValue();
        assertTrue(zeros >= 0.69, "the pruner's target holds under distillation: " + zeros);

        SmallData.Outcome second = SmallData.distill("run", student.toString(), "--out", dir.resolve("run2").toString());
        assertEquals(0, second.status(), second.err());
        assertEquals(stamp, Files.getLastModifiedTime(cached).toMillis(), "the cached teacher is reused");
        try (Stream<Path> entries = Files.list(dir.resolve("teachers"))) {
            assertEquals(1, entries.count());
        }
    }

    @Test
    void compareRunsSeedsAndOverridesTheTemperatureThenReusesTheRuns() throws Exception {
        File teacherZip = dir.resolve("teacher.zip").toFile();
        SmallData.recipe(dir, "teacher.yaml", TEACHER);
        Path teacherRun = dir.resolve("teacher-run");
        assertEquals(0, SmallData.distill("run", dir.resolve("teacher.yaml").toString(), "--out", teacherRun.toString()).status());
        Files.copy(teacherRun.resolve("model.zip"), teacherZip.toPath());
        Path student = SmallData.recipe(dir, "student.yaml", STUDENT.replace("teacher.yaml", "teacher.zip"));
        Path out = dir.resolve("cmp");
        String[] args = {"compare", student.toString(), "--seeds", "2", "--set", "training.epochs=2",
                "--vary", "distillers.kd.temperature=1,4", "--out", out.toString()};
        SmallData.Outcome outcome = SmallData.distill(args);
        assertEquals(0, outcome.status(), outcome.err());
        String md = Files.readString(out.resolve("summary.md"));
        assertTrue(md.contains("student-temperature=1 | 2 |") && md.contains("student-temperature=4 | 2 |"), md);
        assertTrue(Files.readString(out.resolve("student-temperature=4").resolve("seed-8").resolve("recipe.yaml"))
                .contains("temperature: 4"), "the override reached the distiller");
        assertEquals(3, Files.readAllLines(out.resolve("summary.csv")).size());
        assertTrue(Files.readAllLines(out.resolve("summary.csv")).get(1).matches(".*,0\\.\\d{6},0\\.\\d{6},[0-9.]+"),
                "summary.csv ends with the validation top-1 mean and std, then seconds per epoch");
        long stamp = Files.getLastModifiedTime(out.resolve("student-temperature=1").resolve("seed-7").resolve("results.json")).toMillis();
        SmallData.Outcome again = SmallData.distill(args);
        assertEquals(0, again.status(), again.err());
        assertEquals(md, Files.readString(out.resolve("summary.md")));
        assertEquals(stamp, Files.getLastModifiedTime(out.resolve("student-temperature=1").resolve("seed-7").resolve("results.json")).toMillis(),
                "finished runs are reused");
    }

    private static String cell(String line, int index) {
        String[] cells = line.split(",", -1);
        return cells[index];
    }
}
