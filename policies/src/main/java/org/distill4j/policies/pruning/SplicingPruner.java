package org.distill4j.policies.pruning;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import org.distill4j.policies.Policy;
import org.distill4j.policies.PolicyContext;
import org.distill4j.policies.PrunesParameters;
import org.distill4j.policies.ScheduleAware;
import org.distill4j.policies.config.PolicyArgs;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Dynamic network surgery: Guo, Yao and Chen, "Dynamic Network Surgery for Efficient DNNs", NIPS
 * 2016 (Distiller's {@code SplicingPruner}). Pruned weights may come back ("splicing").
 *
 * <p>For each weight a mask {@code T} is kept with hysteresis: with base
 * {@code b = mean|W| + s · std(W)} (of the weight when the pruner first sees it, as in Distiller),
 * an element is pruned when {@code |w| < low_thresh_mult · b}, spliced back when
 * {@code |w| > hi_thresh_mult · b}, and keeps its state in between.
 *
 * <p><b>Masks and the scheduler.</b> The scheduler's {@link org.distill4j.policies.ParameterMasks}
 * zero both the gradient and the weight, so a weight under such a mask can never return. DNS
 * needs the opposite: the forward pass uses {@code W ⊙ T} while the optimizer updates the dense
 * {@code W} with the gradient taken at {@code W ⊙ T} (straight through). So this pruner keeps its
 * mask and a dense shadow copy of each weight to itself, and while it is active:
 * <ul>
 * <li>{@code beforeOptimizerStep}: the network's (masked) weight is replaced by the dense shadow,
 *     and the gradient is left unmasked, so the step updates every element;</li>
 * <li>{@code onMinibatchEnd}: the updated dense weight becomes the shadow, the mask is updated
 *     every {@code mask_update_interval} steps, and the network's weight is set to
 *     {@code W ⊙ T}.</li>
 * </ul>
 * Between steps (validation, checkpoints, the saved model) the network therefore holds the pruned
 * weights. At the end of each active epoch the pruner hands its masks to the scheduler's
 * {@code ParameterMasks}, so they hold in every epoch in which it is not active: after its last
 * active epoch the final structure stays fixed for the rest of training, and in an epoch between
 * two active ones the kept weights train under the mask. At the beginning of its next active
 * epoch it takes the masks back, and the dense shadow takes over the kept weights as trained
 * meanwhile (the pruned ones keep their shadow values). Do not let another pruner mask the same
 * weights during the splicing window.
 *
 * <p>The base statistics, the masks, the dense shadows and the step count are the pruner's state
 * ({@link #saveState}): a run resumed inside the splicing window continues exactly.
 *
 * <p>Recipe arguments: {@code sensitivities} (required, per weight with {@code '*'}),
 * {@code weights} (optional), {@code low_thresh_mult} (default 0.9), {@code hi_thresh_mult}
 * (default 1.1, at least {@code low_thresh_mult}), {@code sensitivity_multiplier} (default 0:
 * in the k-th active epoch the sensitivity is {@code s · (1 + k · multiplier)}, pruning more as
 * training goes), {@code mask_update_interval} (default 1 step; Guo et al. lower the update
 * probability over time for speed).
 */
public class SplicingPruner extends Policy implements PrunesParameters, ScheduleAware {
    private final PerWeightValues sensitivities;
    private final double low;
    private final double high;
    private final double multiplier;
    private final int interval;
    private Map<String, Double> resolved;
    private final Map<String, Double> mean = new LinkedHashMap<>();
    private final Map<String, Double> std = new LinkedHashMap<>();
    private final Map<String, INDArray> masks = new LinkedHashMap<>();
    private final Map<String, INDArray> dense = new LinkedHashMap<>();
    private final Set<String> handed = new LinkedHashSet<>(); // masks now in the scheduler's ParameterMasks
    private SortedSet<Integer> epochs;
    private long steps;

    public SplicingPruner(PolicyArgs args) {
        this.sensitivities = new PerWeightValues(args, "sensitivities", v -> v >= 0 && Double.isFinite(v),
                "must be a finite number >= 0");
        this.low = args.getDouble("low_thresh_mult", 0.9);
        this.high = args.getDouble("hi_thresh_mult", 1.1);
        this.multiplier = args.getDouble("sensitivity_multiplier", 0.0);
        this.interval = args.getInt("mask_update_interval", 1);
        if (!(low >= 0)) {
            throw args.error("low_thresh_mult", "must be >= 0, got " + low);
        }
        if (!(high >= low)) {
            throw args.error("hi_thresh_mult", "must be at least low_thresh_mult (" + low + "), got " + high);
        }
        if (!(multiplier >= 0)) {
            throw args.error("sensitivity_multiplier", "must be >= 0, got " + multiplier);
        }
        if (interval < 1) {
            throw args.error("mask_update_interval", "must be at least 1, got " + interval);
        }
    }

    /** What a checkpoint keeps; arrays in c order. */
    private record State(Map<String, Double> mean, Map<String, Double> std, Map<String, long[]> shapes,
                         Map<String, String> dataTypes, Map<String, float[]> masks, Map<String, double[]> dense,
                         long steps, ArrayList<String> handed) implements Serializable {
    }

    @Override
    public Serializable saveState() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, String> dataTypes = new LinkedHashMap<>();
        Map<String, float[]> maskValues = new LinkedHashMap<>();
        Map<String, double[]> denseValues = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : dense.entrySet()) {
            INDArray d = e.getValue();
            shapes.put(e.getKey(), d.shape());
            dataTypes.put(e.getKey(), d.dataType().name());
            denseValues.put(e.getKey(), d.dup('c').reshape('c', new long[] {d.length()}).toDoubleVector());
            INDArray m = masks.get(e.getKey());
            maskValues.put(e.getKey(), m.dup('c').reshape('c', new long[] {m.length()}).toFloatVector());
        }
        return new State(new LinkedHashMap<>(mean), new LinkedHashMap<>(std), shapes, dataTypes, maskValues,
                denseValues, steps, new ArrayList<>(handed));
    }

    @Override
    public void restoreState(Serializable state) {
        State s = (State) state;
        mean.clear();
        mean.putAll(s.mean());
        std.clear();
        std.putAll(s.std());
        dense.clear();
        masks.clear();
        for (Map.Entry<String, long[]> e : s.shapes().entrySet()) {
            String name = e.getKey();
            dense.put(name, Nd4j.create(s.dense().get(name), e.getValue(), 'c')
                    .castTo(DataType.valueOf(s.dataTypes().get(name))));
            masks.put(name, Nd4j.create(s.masks().get(name), e.getValue(), 'c'));
        }
        steps = s.steps();
        handed.clear();
        handed.addAll(s.handed());
    }

    @Override
    public void scheduled(SortedSet<Integer> activeEpochs) {
        epochs = new java.util.TreeSet<>(activeEpochs);
    }

    @Override
    public void attach(PolicyContext context) {
        Map<String, Double> r = new LinkedHashMap<>(sensitivities.resolve(context.parameters()));
        r.values().removeIf(s -> s == 0.0);
        resolved = Collections.unmodifiableMap(r);
    }

    @Override
    public Collection<String> prunedParameters() {
        if (resolved == null) {
            throw new IllegalStateException("SplicingPruner is not attached: call attach(context) first");
        }
        return resolved.keySet();
    }

    /** The current splicing mask of a weight (1 keeps), or null before the pruner first ran. */
    public INDArray mask(String weight) {
        return masks.get(weight);
    }

    @Override
    public void onEpochBegin(PolicyContext context) {
        for (String name : prunedParameters()) {
            INDArray w = context.parameters().get(name);
            if (!mean.containsKey(name)) {
                mean.put(name, Transforms.abs(w, true).meanNumber().doubleValue());
                std.put(name, w.stdNumber().doubleValue());
            }
            if (handed.remove(name)) {
                context.masks().remove(name); // the pruner masks the weight itself in its window
            }
            INDArray shadow = dense.get(name);
            if (shadow == null || !java.util.Arrays.equals(shadow.shape(), w.shape())) {
                dense.put(name, w.dup(w.ordering()));
                masks.put(name, w.like().castTo(DataType.FLOAT).assign(1.0));
            } else {
                // kept weights may have trained under the mask since the last active epoch
                INDArray keep = masks.get(name).castTo(shadow.dataType());
                shadow.muli(keep.rsub(1.0)).addi(w.castTo(shadow.dataType()).mul(keep));
            }
            update(name, context.epoch());
            w.assign(dense.get(name).mul(masks.get(name).castTo(w.dataType())));
        }
    }

    @Override
    public void beforeOptimizerStep(PolicyContext context) {
        for (String name : prunedParameters()) {
            context.parameters().get(name).assign(dense.get(name));
        }
    }

    @Override
    public void onMinibatchEnd(PolicyContext context) {
        steps++;
        boolean updateMasks = steps % interval == 0;
        for (String name : prunedParameters()) {
            INDArray w = context.parameters().get(name);
            dense.get(name).assign(w);
            if (updateMasks) {
                update(name, context.epoch());
            }
            w.muli(masks.get(name).castTo(w.dataType()));
        }
    }

    @Override
    public void onEpochEnd(PolicyContext context) {
        double kept = 0;
        double total = 0;
        for (String name : prunedParameters()) {
            kept += masks.get(name).sumNumber().doubleValue();
            total += masks.get(name).length();
        }
        context.report("mask_sparsity", 1 - kept / total);
        for (String name : prunedParameters()) {
            context.masks().set(name, masks.get(name).dup());
            handed.add(name);
        }
    }

    private void update(String name, int epoch) {
        int k = epochs == null ? 0 : epochs.headSet(epoch).size();
        double s = resolved.get(name) * (1 + k * multiplier);
        double base = mean.get(name) + s * std.get(name);
        INDArray a = Transforms.abs(dense.get(name), true).castTo(DataType.FLOAT);
        INDArray mask = masks.get(name);
        mask.muli(a.gte(low * base).castTo(DataType.FLOAT));
        mask.assign(Transforms.max(mask, a.gt(high * base).castTo(DataType.FLOAT), true));
    }
}
