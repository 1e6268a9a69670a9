package org.distill4j.policies.quantization;

import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.distill4j.policies.PolicyContext;
import org.distill4j.policies.config.PolicyArgs;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Post-training range-linear quantization (Distiller's {@code PostTrainLinearQuantizer}): weights
 * from their min/max (per tensor or per output channel), activation ranges calibrated on a few
 * batches of training data, then fixed.
 *
 * <p>Arguments: those of {@link AbstractQuantizer}, plus {@code calibration_batches} (10: 1280
 * images at batch 128; the ranges of LeNet's ReLU outputs settle within a few hundred images),
 * {@code clip_acts} ({@code none}, {@code avg}, {@code n_std}; default none) and {@code clip_n_stds}
 * (3, for {@code n_std}).
 *
 * <p>In a recipe it runs in one epoch of a loaded, trained model: it sets the learning rate to 0 for
 * that epoch (nothing trains), observes the activations of the first {@code calibration_batches}
 * training minibatches, then quantizes; validation and test then see the quantized model.
 * {@link #quantize} does the same outside a training loop ({@code distill quantize}).
 */
public class PostTrainLinearQuantizer extends AbstractQuantizer {
    private final int calibrationBatches;
    private final ClipMode clip;
    private final double nStds;
    private boolean calibrating;
    private boolean calibrated;
    private int seen;

    public PostTrainLinearQuantizer(PolicyArgs args) {
        super(args);
        this.calibrationBatches = args.getInt("calibration_batches", 10);
        this.clip = args.getEnum("clip_acts", ClipMode.class, ClipMode.NONE);
        this.nStds = args.getDouble("clip_n_stds", 3.0);
        if (calibrationBatches < 1) {
            throw args.error("calibration_batches", "must be at least 1, got " + calibrationBatches);
        }
        if (!(nStds > 0)) {
            throw args.error("clip_n_stds", "must be > 0, got " + nStds);
        }
    }

    @Override
    protected WeightQuantizer weightQuantizer(int bits, QuantMode mode, boolean perChannel) {
        return new WeightQuantizer(WeightScheme.LINEAR, bits, mode, perChannel);
    }

    public int calibrationBatches() {
        return calibrationBatches;
    }

    @Override
    public void onEpochBegin(PolicyContext context) {
        context.setLearningRate(0);
        if (!isApplied()) {
            MultiLayerNetwork net = network(context.model());
            apply(net);
            startCalibration(net);
        }
    }

    @Override
    public void onMinibatchEnd(PolicyContext context) {
        if (calibrating) {
            seen++;
            int available = context.minibatchesPerEpoch() > 0 ? context.minibatchesPerEpoch() : Integer.MAX_VALUE;
            if (seen >= Math.min(calibrationBatches, available)) {
                finishCalibration(network(context.model()));
            }
        }
    }

    @Override
    public void onEpochEnd(PolicyContext context) {
        context.report("calibrated_batches", seen);
    }

    private void startCalibration(MultiLayerNetwork net) {
        activations(net).values().forEach(FakeQuantActivation::startCalibration);
        calibrating = true;
        seen = 0;
    }

    private void finishCalibration(MultiLayerNetwork net) {
        activations(net).values().forEach(a -> a.finishCalibration(clip, nStds));
        calibrating = false;
        calibrated = true;
    }

    public boolean isCalibrated() {
        return calibrated;
    }

    /**
     * Quantizes a trained network in place: installs fake quantization, runs up to
     * {@code calibration_batches} of {@code batches} through it to fix activation ranges.
     *
     * @return the layer plan
     */
    public Map<String, LayerQuantSpec> quantize(MultiLayerNetwork net, Iterable<INDArray> batches) {
        apply(net);
        startCalibration(net);
        for (INDArray batch : batches) {
            if (seen >= calibrationBatches) {
                break;
            }
            net.output(batch, false);
            seen++;
        }
        finishCalibration(net);
        return layerPlan();
    }
}
