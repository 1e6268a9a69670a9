package org.distill4j.policies.distillation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.distill4j.policies.MapPolicyArgs;
import org.distill4j.policies.TinyNetworks;
import org.distill4j.policies.config.RecipeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

class KnowledgeDistillationPolicyTest {
    @TempDir
    Path dir;

    /** A teacher with weights unlike the student's: the tiny MLP after some steps. */
    private static MultiLayerNetwork trainedTeacher() {
        MultiLayerNetwork teacher = TinyNetworks.mlp(new Sgd(0.5));
        for (int i = 0; i < 20; i++) {
            teacher.fit(TinyNetworks.batch());
        }
        return teacher;
    }

    /** One epoch of {@code steps} minibatches, hooks around {@code fit} as the scheduler calls them. */
    private static void epoch(KnowledgeDistillationPolicy kd, StepContext ctx, MultiLayerNetwork student, DataSet data,
                              int[] indices, int steps) {
        kd.onEpochBegin(ctx);
        for (int s = 0; s < steps; s++) {
            ctx.batch = data;
            ctx.indices = indices;
            kd.onMinibatchBegin(ctx);
            student.fit(data);
            kd.onMinibatchEnd(ctx);
            ctx.batch = null;
        }
        kd.onEpochEnd(ctx);
        ctx.epoch++;
    }

    private static INDArray right(INDArray labels) {
        long c = labels.size(1) / 2;
        return labels.get(NDArrayIndex.all(), NDArrayIndex.interval(c, 2 * c));
    }

    @Test
    void teacherFromAZipStaysFrozenWhileTheStudentLearns() throws Exception {
        MultiLayerNetwork teacher = trainedTeacher();
        File zip = dir.resolve("teacher.zip").toFile();
        ModelSerializer.writeModel(teacher, zip, false);
        KnowledgeDistillationPolicy kd = new KnowledgeDistillationPolicy(MapPolicyArgs.of(
                "teacher", zip.toString(), "temperature", 4.0, "distill_weight", 0.7, "student_weight", 0.3));
        MultiLayerNetwork student = TinyNetworks.mlp();
        INDArray studentBefore = student.params().dup();
        StepContext ctx = new StepContext(student);
        kd.attach(ctx);
        epoch(kd, ctx, student, TinyNetworks.batch(), null, 5);

        Model loaded = kd.teacher().orElseThrow();
        assertEquals(teacher.params(), loaded.params(), "teacher parameters unchanged");
        assertTrue(student.params().sub(studentBefore).norm2Number().doubleValue() > 0, "the student learned");
        assertTrue(ctx.reports.get("hard_ce") > 0 && ctx.reports.get("distill_term") > 0, ctx.reports.toString());
        assertTrue(ctx.reports.containsKey("teacher_seconds"));
    }

    @Test
    void onlyDuringAStepDoesTheStudentCarryTheDistillationLossAndWideLabels() {
        MultiLayerNetwork student = TinyNetworks.mlp();
        BaseOutputLayer out = (BaseOutputLayer) student.getOutputLayer().conf().getLayer();
        KnowledgeDistillationPolicy kd = new KnowledgeDistillationPolicy(trainedTeacher(), 2, 0.5, 0.5, true);
        StepContext ctx = new StepContext(student);
        kd.attach(ctx);
        kd.onEpochBegin(ctx);
        DataSet batch = TinyNetworks.batch();
        INDArray labels = batch.getLabels();
        ctx.batch = batch;
        kd.onMinibatchBegin(ctx);
        assertInstanceOf(DistillationLoss.class, out.getLossFn());
        assertEquals(6, batch.getLabels().size(1));
        student.fit(batch);
        kd.onMinibatchEnd(ctx);
        assertInstanceOf(LossMCXENT.class, out.getLossFn());
        assertTrue(batch.getLabels() == labels, "the batch's own labels are back");
        kd.onEpochEnd(ctx);
        assertInstanceOf(LossMCXENT.class, out.getLossFn());
    }

    @Test
    void withTemperatureOneAndNoDistillWeightTheStudentTrainsExactlyAsWithCrossEntropy() {
        MultiLayerNetwork plain = TinyNetworks.mlp();
        MultiLayerNetwork distilled = TinyNetworks.mlp();
        assertEquals(plain.params(), distilled.params());
        KnowledgeDistillationPolicy kd = new KnowledgeDistillationPolicy(trainedTeacher(), 1, 1, 0, true);
        StepContext ctx = new StepContext(distilled);
        kd.attach(ctx);
        for (int i = 0; i < 5; i++) {
            plain.fit(TinyNetworks.batch());
        }
        epoch(kd, ctx, distilled, TinyNetworks.batch(), null, 5);
        assertEquals(0.0, plain.params().sub(distilled.params()).amaxNumber().doubleValue(), 1e-6);
    }

    @Test
    void cachedTeacherLogitsAreTheTeachersLogitsOfThoseExamples() {
        MultiLayerNetwork teacher = trainedTeacher();
        DataSet all = TinyNetworks.batch();
        INDArray expected = teacher.feedForward(all.getFeatures(), false).get(1)
                .mmul(teacher.getParam("1_W")).addiRowVector(teacher.getParam("1_b")); // logits, by hand
        KnowledgeDistillationPolicy kd = new KnowledgeDistillationPolicy(teacher, 2, 0.5, 0.5, true);
        MultiLayerNetwork student = TinyNetworks.mlp();
        StepContext ctx = new StepContext(student);
        kd.attach(ctx);
        kd.onEpochBegin(ctx);
        int[] order = {3, 0, 15, 7, 9, 1, 2, 4, 5, 6, 8, 10, 11, 12, 13, 14};
        for (int pass = 0; pass < 2; pass++) { // the first fills the cache, the second reads it
            int[] idx = pass == 0 ? order : new int[] {15, 3, 1};
            DataSet batch = new DataSet(Nd4j.pullRows(all.getFeatures(), 1, idx), Nd4j.pullRows(all.getLabels(), 1, idx));
            ctx.batch = batch;
            ctx.indices = idx;
            kd.onMinibatchBegin(ctx);
            INDArray got = right(batch.getLabels());
            assertEquals(0.0, got.sub(Nd4j.pullRows(expected, 1, idx)).amaxNumber().doubleValue(), 1e-5, "pass " + pass);
            kd.onMinibatchEnd(ctx);
        }
        assertEquals(teacher.params(), kd.teacher().orElseThrow().params());
        assertNotSame(teacher, kd.teacher().orElseThrow(), "the policy runs its own copy");
        assertEquals(Activation.SOFTMAX.getActivationFunction().getClass(),
                ((BaseOutputLayer) teacher.getOutputLayer().conf().getLayer()).getActivationFn().getClass(),
                "the caller's teacher still outputs probabilities");
    }

    @Test
    void aComputationGraphTeacherWorks() throws Exception {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT)
                .updater(new Sgd(0.1)).graphBuilder().addInputs("in")
                .addLayer("fc1", new DenseLayer.Builder().nIn(6).nOut(8).activation(Activation.RELU).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "fc1")
                .setOutputs("out").build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        File zip = dir.resolve("graph.zip").toFile();
        ModelSerializer.writeModel(graph, zip, false);
        KnowledgeDistillationPolicy kd = new KnowledgeDistillationPolicy(MapPolicyArgs.of("teacher", zip.toString(),
                "temperature", 2.0));
        MultiLayerNetwork student = TinyNetworks.mlp();
        StepContext ctx = new StepContext(student);
        kd.attach(ctx);
        epoch(kd, ctx, student, TinyNetworks.batch(), null, 2);
        assertInstanceOf(ComputationGraph.class, kd.teacher().orElseThrow());
        assertEquals(graph.params(), kd.teacher().orElseThrow().params());
        assertTrue(ctx.reports.get("distill_term") > 0);
    }

    @Test
    void aComputationGraphStudentLearnsFromTheTeacherAndGetsItsLossBack() {
        ComputationGraph student = graph(5);
        BaseOutputLayer out = (BaseOutputLayer) student.getOutputLayer(0).conf().getLayer();
        INDArray before = student.params().dup();
        KnowledgeDistillationPolicy kd = new KnowledgeDistillationPolicy(trainedTeacher(), 2, 0.3, 0.7, true);
        StepContext ctx = new StepContext(student);
        kd.attach(ctx);
        kd.onEpochBegin(ctx);
        DataSet batch = TinyNetworks.batch();
        for (int s = 0; s < 3; s++) {
            ctx.batch = batch;
            kd.onMinibatchBegin(ctx);
            assertInstanceOf(DistillationLoss.class, out.getLossFn());
            student.fit(batch);
            kd.onMinibatchEnd(ctx);
        }
        kd.onEpochEnd(ctx);
        assertInstanceOf(LossMCXENT.class, out.getLossFn());
        assertTrue(student.params().sub(before).norm2Number().doubleValue() > 0);
        assertTrue(ctx.reports.get("distill_term") > 0, ctx.reports.toString());
    }

    private static ComputationGraph graph(long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT)
                .updater(new Sgd(0.1)).graphBuilder().addInputs("in")
                .addLayer("fc1", new DenseLayer.Builder().nIn(6).nOut(8).activation(Activation.RELU).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "fc1")
                .setOutputs("out").build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    @Test
    void aMissingTeacherFileIsLocatedInTheRecipe() {
        RecipeException e = assertThrows(RecipeException.class, () -> new KnowledgeDistillationPolicy(MapPolicyArgs.of(
                "temperature", 2.0, "teacher", dir.resolve("nope.zip").toString())));
        assertTrue(e.getMessage().contains("test.yaml:3:3") && e.getMessage().contains("no such model file"), e.getMessage());
    }

    @Test
    void bothWeightsZeroIsRefused() throws Exception {
        File zip = dir.resolve("t.zip").toFile();
        ModelSerializer.writeModel(TinyNetworks.mlp(), zip, false);
        RecipeException e = assertThrows(RecipeException.class, () -> new KnowledgeDistillationPolicy(MapPolicyArgs.of(
                "teacher", zip.toString(), "distill_weight", 0.0, "student_weight", 0.0)));
        assertTrue(e.getMessage().contains("nothing to learn"), e.getMessage());
    }
}
