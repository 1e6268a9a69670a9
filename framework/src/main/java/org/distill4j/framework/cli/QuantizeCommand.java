package org.distill4j.framework.cli;

import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.distill4j.framework.data.DatasetLoader;
import org.distill4j.framework.data.DatasetRequest;
import org.distill4j.framework.data.ImageDataset;
import org.distill4j.framework.data.LoadedData;
import org.distill4j.framework.experiment.ModelFactory;
import org.distill4j.framework.experiment.ModelFileException;
import org.distill4j.framework.models.FastLayers;
import org.distill4j.framework.quantized.ArtifactReport;
import org.distill4j.framework.quantized.DqModel;
import org.distill4j.framework.run.RunFolder;
import org.distill4j.framework.training.Evaluation;
import org.distill4j.framework.training.Evaluator;
import org.distill4j.framework.training.NativeThreads;
import org.distill4j.policies.quantization.FakeQuantActivation;
import org.distill4j.policies.quantization.FakeQuantWeightNoise;
import org.distill4j.policies.quantization.PostTrainLinearQuantizer;
import org.distill4j.schedulers.recipe.YamlPolicyArgs;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = {"Quantize a saved model after training and write its integer model (.dq).",
                "Calibrates activation ranges on training batches and prints float, fake-quantized, integer",
                "(and half-precision) test top-1 with throughput."})
final class QuantizeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL_ZIP", description = "A trained DL4J MultiLayerNetwork zip.")
    Path model;

    @Option(names = "--bits", description = "Weight bits (default: ${DEFAULT-VALUE}).")
    int bits = 8;

    @Option(names = "--bits-activations", description = "Activation bits (default: 8).")
    int bitsActivations = 8;

    @Option(names = "--mode", description = "Weight mode: symmetric, asymmetric_unsigned, asymmetric_signed (default: ${DEFAULT-VALUE}).")
    String mode = "symmetric";

    @Option(names = "--mode-activations", description = "Activation mode (default: ${DEFAULT-VALUE}).")
    String modeActivations = "asymmetric_unsigned";

    @Option(names = "--per-channel", description = "One weight scale per output channel.")
    boolean perChannel;

    @Option(names = "--calibration-batches", description = "Training batches for activation ranges (default: ${DEFAULT-VALUE}).")
    int calibrationBatches = 10;

    @Option(names = "--clip-acts", description = "none, avg or n_std (default: ${DEFAULT-VALUE}).")
    String clipActs = "none";

    @Option(names = "--batch-size", description = "Calibration and inference batch size (default: ${DEFAULT-VALUE}).")
    int batchSize = 128;

    @Option(names = "--out", paramLabel = "FILE", description = "The integer model (default: MODEL_ZIP's folder/model.dq).")
    Path out;

    @Option(names = "--fp16", description = "Also convert the float model to half precision and evaluate it.")
    boolean fp16;

    @Option(names = "--dataset", description = "fashion-mnist or mnist (default: ${DEFAULT-VALUE}).")
    String dataset = "fashion-mnist";

    @Option(names = "--data-path", paramLabel = "DIR", description = "Folder with the IDX files (default: the usual lookup).")
    Path dataPath;

    @Option(names = "--repeats", description = "Timed passes for throughput (default: ${DEFAULT-VALUE}).")
    int repeats = 3;

    @Option(names = "--threads", description = "ND4J native threads (default: ${DEFAULT-VALUE}).")
    int threads = NativeThreads.DEFAULT;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path file = out != null ? out : model.toAbsolutePath().resolveSibling("model.dq");
        if (Files.exists(file)) {
            throw new ModelFileException(file + ": exists; quantize never overwrites a file, give another --out");
        }
        String args = String.format(Locale.ROOT, "bits_weights: %d%nbits_activations: %d%nmode: {weights: %s, activations: %s}%n"
                        + "per_channel_wts: %s%ncalibration_batches: %d%nclip_acts: %s%n", bits, bitsActivations, mode,
                modeActivations, perChannel, calibrationBatches, clipActs);
        PostTrainLinearQuantizer ptq = new PostTrainLinearQuantizer(YamlPolicyArgs.of("quantize", args, "distill quantize"));
        // the same fast layers as distill eval, so float and integer throughputs compare fairly
        MultiLayerNetwork net = FastLayers.apply(ModelFactory.readModel(model, null));
        refuseFakeQuantized(net);
        NativeThreads.set(threads);
        LoadedData data = DatasetLoader.fromEnvironment(true)
                .load(DatasetRequest.of(dataset, 0).withPath(dataPath).withValidationSize(0));
        ImageDataset test = data.test();
        Evaluator evaluator = new Evaluator(1000);
        var o = spec.commandLine().getOut();
        Evaluation fp32 = evaluator.evaluate(net, test.features(), test.labels());
        double fp32Rate = rate(evaluator, net, test);
        long floatBytes = ArtifactReport.floatModelBytes(net);
        o.printf(Locale.ROOT, "float32      test top-1 %.4f  %8.0f samples/s  model zip without updater %d bytes%n",
                fp32.top1(), fp32Rate, floatBytes);

        if (fp16) {
            // DL4J's own convolution runs in half precision; the fast float-only layer converts back to it
            org.deeplearning4j.nn.conf.MultiLayerConfiguration conf = net.getLayerWiseConfigurations().clone();
            FastLayers.toStandard(conf);
            MultiLayerNetwork standard = new MultiLayerNetwork(conf);
            standard.init(net.params().dup(), true);
            MultiLayerNetwork half = standard.convertDataType(DataType.HALF);
            INDArray features = test.features().castTo(DataType.HALF);
            Evaluation e = evaluator.evaluate(half, features, test.labels());
            Path halfFile = Files.createTempFile("distill4j-half", ".zip");
            ModelSerializer.writeModel(half, new File(halfFile.toString()), false);
            long halfBytes = Files.size(halfFile);
            Files.delete(halfFile);
            o.printf(Locale.ROOT, "float16      test top-1 %.4f  (%+.2f points)  model zip %d bytes%n",
                    e.top1(), 100 * (e.top1() - fp32.top1()), halfBytes);
        }

        List<INDArray> batches = new ArrayList<>();
        INDArray train = data.train().features();
        for (int i = 0; i < calibrationBatches && (long) (i + 1) * batchSize <= train.size(0); i++) {
            batches.add(train.get(org.nd4j.linalg.indexing.NDArrayIndex.interval((long) i * batchSize, (long) (i + 1) * batchSize),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()));
        }
        ptq.quantize(net, batches);
        Evaluation fq = evaluator.evaluate(net, test.features(), test.labels());
        o.printf(Locale.ROOT, "fake-quant   test top-1 %.4f  (%+.2f points)  W%d/A%d %s%s, %d calibration batches, clip %s%n",
                fq.top1(), 100 * (fq.top1() - fp32.top1()), bits, bitsActivations, mode,
                perChannel ? " per channel" : "", batches.size(), clipActs);

        // written to a temporary name and renamed, as a run writes its files: no half-written model
        RunFolder.existing(file.toAbsolutePath().getParent()).write(file.getFileName().toString(), tmp -> {
            try (OutputStream s = Files.newOutputStream(tmp)) {
                ptq.writeArtifact(net, s);
            }
        });
        DqModel integer = DqModel.read(file);
        double intTop1 = integer.top1(test.features(), test.labels());
        double intRate = integer.throughput(test.features(), repeats);
        long bytes = Files.size(file);
        o.printf(Locale.ROOT, "integer .dq  test top-1 %.4f  (%+.2f points)  %8.0f samples/s  %d bytes (%.1f%% of float) -> %s%n",
                intTop1, 100 * (intTop1 - fp32.top1()), intRate, bytes, 100.0 * bytes / floatBytes, file);
        return 0;
    }

    /** A QAT model's layers already fake-quantize; its run wrote its integer model. */
    private void refuseFakeQuantized(MultiLayerNetwork net) {
        for (org.deeplearning4j.nn.api.Layer layer : net.getLayers()) {
            var conf = layer.conf().getLayer();
            if (conf instanceof org.deeplearning4j.nn.conf.layers.BaseLayer base
                    && (base.getActivationFn() instanceof FakeQuantActivation || base.getWeightNoise() instanceof FakeQuantWeightNoise)) {
                throw new ModelFileException(model + ": layer " + conf.getLayerName()
                        + " is already fake-quantized (a QAT model); its run folder's model.dq is its integer model");
            }
        }
    }

    private double rate(Evaluator evaluator, MultiLayerNetwork net, ImageDataset test) {
        double[] rates = new double[Math.max(1, repeats)];
        for (int i = 0; i < rates.length; i++) {
            long start = System.nanoTime();
            evaluator.evaluate(net, test.features(), test.labels());
            rates[i] = test.size() / ((System.nanoTime() - start) / 1e9);
        }
        java.util.Arrays.sort(rates);
        return rates[rates.length / 2];
    }
}
