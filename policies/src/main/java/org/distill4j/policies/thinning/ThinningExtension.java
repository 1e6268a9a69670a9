package org.distill4j.policies.thinning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.distill4j.policies.Policy;
import org.distill4j.policies.PolicyContext;
import org.distill4j.policies.config.Located;
import org.distill4j.policies.config.PolicyArgs;
import org.distill4j.policies.config.RecipeException;
import org.distill4j.policies.config.RecipeLocation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Template of the thinning extensions (Distiller's "thinning": after structured pruning, make the
 * network physically smaller). In {@code onEpochBegin} of each active epoch it first applies the
 * masks in force to the weights (a pruner active in the same epoch sets masks just before), then
 * asks {@link #plan} which units of which layers to remove, rebuilds the network with
 * {@link NetworkThinner} one producer layer at a time, cuts the masks of the changed parameters
 * to their new shapes, and hands the new network to {@link PolicyContext#replaceModel}. Training
 * continues on the smaller network with its optimizer state.
 *
 * <p>Schedule it after the structured pruner's last active epoch (e.g. {@code epochs: [5]} when
 * the pruner's window ends at 5): a pruner still active afterwards would rank and prune the
 * structures that are left.
 *
 * <p>Recipe argument {@code layers} (optional): the layers to consider (names or whole-name
 * regular expressions); by default every eligible layer. Reports {@code removed} (units removed
 * in this epoch) and {@code <layer>.units} for every changed producer.
 */
public abstract class ThinningExtension extends Policy {
    private final List<Located<String>> layerPatterns;
    private final RecipeLocation location;

    protected ThinningExtension(PolicyArgs args) {
        this.location = args.location();
        this.layerPatterns = args.has("layers") ? args.getStringList("layers") : List.of();
        if (args.has("layers") && layerPatterns.isEmpty()) {
            throw args.error("layers", "must name at least one layer");
        }
    }

    @Override
    public void attach(PolicyContext context) {
        if (!(context.model() instanceof MultiLayerNetwork net)) {
            throw new RecipeException(location, getClass().getSimpleName() + " thins MultiLayerNetworks only");
        }
        for (Located<String> pattern : layerPatterns) {
            if (NetworkThinner.names(net).stream().noneMatch(n -> matches(pattern.value(), n))) {
                throw pattern.error("layers: '" + pattern.value() + "' names no layer; layers: " + NetworkThinner.names(net));
            }
        }
    }

    /** Whether the recipe's {@code layers} (or its default, every layer) include {@code layer}. */
    protected boolean selected(String layer) {
        return layerPatterns.isEmpty() || layerPatterns.stream().anyMatch(p -> matches(p.value(), layer));
    }

    private static boolean matches(String pattern, String name) {
        if (pattern.equals(name)) {
            return true;
        }
        try {
            return name.matches(pattern);
        } catch (java.util.regex.PatternSyntaxException e) {
            return false;
        }
    }

    /**
     * The units to remove in the current network: producer layer name → one flag per output unit.
     * Called once per active epoch, after the masks were applied to the weights.
     */
    protected abstract Map<String, boolean[]> plan(MultiLayerNetwork net);

    @Override
    public void onEpochBegin(PolicyContext context) {
        context.masks().applyToParameters(context.parameters());
        MultiLayerNetwork net = (MultiLayerNetwork) context.model();
        Map<String, boolean[]> plan = plan(net);
        Map<String, INDArray> masks = new LinkedHashMap<>(context.masks().asMap());
        int removed = 0;
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, boolean[]> e : plan.entrySet()) {
            NetworkThinner.Result r = NetworkThinner.removeUnits(net, e.getKey(), e.getValue());
            if (r == null) {
                continue;
            }
            for (Map.Entry<String, UnaryOperator<INDArray>> s : r.slicers().entrySet()) {
                INDArray mask = masks.get(s.getKey());
                if (mask != null) {
                    masks.put(s.getKey(), s.getValue().apply(mask));
                }
            }
            removed += r.removed();
            changed.add(e.getKey());
            net = r.network();
        }
        if (removed > 0) {
            context.replaceModel(net);
            for (Map.Entry<String, INDArray> m : masks.entrySet()) {
                if (context.parameters().contains(m.getKey())) {
                    context.masks().set(m.getKey(), m.getValue());
                }
            }
        }
        context.report("removed", removed);
        for (String layer : changed) {
            context.report(layer + ".units", NetworkThinner.units(net, NetworkThinner.indexOf(net, layer)));
        }
    }

    /** Whether layer {@code i} feeds a layer that thinning can shrink with it. */
    protected static boolean hasConsumer(MultiLayerNetwork net, int i) {
        try {
            NetworkThinner.chain(net, i);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Keeps the first unit when every one is flagged. */
    protected static boolean[] atLeastOneKept(boolean[] remove) {
        for (boolean r : remove) {
            if (!r) {
                return remove;
            }
        }
        boolean[] copy = remove.clone();
        copy[0] = false;
        return copy;
    }
}
