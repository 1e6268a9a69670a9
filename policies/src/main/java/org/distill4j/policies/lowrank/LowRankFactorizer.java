package org.distill4j.policies.lowrank;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.distill4j.policies.Policy;
import org.distill4j.policies.PolicyContext;
import org.distill4j.policies.ScheduleAware;
import org.distill4j.policies.config.Located;
import org.distill4j.policies.config.PolicyArgs;
import org.distill4j.policies.config.RecipeException;
import org.distill4j.policies.config.RecipeLocation;
import org.distill4j.policies.config.Suggestions;
import org.distill4j.policies.config.WeightPatterns;
import org.distill4j.policies.surgery.MultiLayerSurgery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Low-rank factorization as a scheduled extension: in the epoch it is active, before that epoch's
 * training, it replaces each listed layer by two thinner ones from a truncated SVD of its weight
 * ({@link LowRankFactorization}) and hands the new network to the loop
 * ({@link PolicyContext#replaceModel}); training continues on it (fine-tuning).
 *
 * <p>Recipe arguments (section {@code extensions:}):
 * <ul>
 * <li>{@code layers} (required): layer names ({@code fc1}, {@code conv2}) or whole-name regular
 *     expressions over layer names; a regular expression picks only the dense, output and 2-D
 *     convolution layers it matches, a literal name must be one.</li>
 * <li>exactly one of {@code rank} (a whole number ≥ 1, at most each layer's full rank
 *     {@code min(m, n)}), {@code ratio} (in (0, 1]: the largest rank keeping at most this
 *     fraction of the layer's parameters, weights and bias) or {@code energy} (in (0, 1]: the
 *     smallest rank keeping this fraction of the squared singular values) — see {@link RankRule};</li>
 * <li>optional per-layer overrides {@code ranks: {fc1: 64}}, {@code ratios: {conv2: 0.3}},
 *     {@code energies: {fc1: 0.95}}; each names a layer of {@code layers}, at most once across the
 *     three maps.</li>
 * </ul>
 *
 * <p>Layer naming: {@code fc1} becomes {@code fc1_u} (input → rank, no bias, identity) followed by
 * {@code fc1_v} (rank → outputs, the original bias and activation); their weights are
 * {@code fc1_u.W}, {@code fc1_v.W}, {@code fc1_v.b}. A model saved after factorization and loaded
 * by another recipe ({@code model: {load: ...}}) is named so.
 *
 * <p>It acts once: schedule it with {@code epochs: [k]} (a longer schedule is a recipe error). The
 * rank rule is applied to the weights as they are at that moment (trained ones, when {@code k > 0}).
 * Reports {@code <layer>.rank}, {@code <layer>.kept_params} (fraction) and {@code <layer>.energy}
 * in the epoch's row. Masks of the replaced layers' parameters are dropped by the scheduler; the
 * new layers start with fresh optimizer state, the other layers keep theirs.
 */
public class LowRankFactorizer extends Policy implements ScheduleAware {
    private static final Logger LOG = LoggerFactory.getLogger(LowRankFactorizer.class);

    private final RecipeLocation location;
    private final WeightPatterns layerPatterns;
    private final RankRule rule;
    private final Map<String, Located<RankRule>> overrides = new LinkedHashMap<>();
    private Map<String, RankRule> resolved;
    private boolean done;

    public LowRankFactorizer(PolicyArgs args) {
        this.location = args.location();
        this.layerPatterns = new WeightPatterns(args.getStringList("layers"));
        if (layerPatterns.patterns().isEmpty()) {
            throw args.error("layers", "must name at least one layer");
        }
        List<RankRule.Kind> given = new ArrayList<>();
        for (RankRule.Kind kind : RankRule.Kind.values()) {
            if (args.has(kind.key())) {
                given.add(kind);
            }
        }
        if (given.size() != 1) {
            throw new RecipeException(given.size() > 1 ? args.locationOf(given.get(1).key()) : location,
                    "give exactly one of rank, ratio, energy" + (given.isEmpty() ? "" : " (got " + given.stream()
                            .map(RankRule.Kind::key).toList() + ")"));
        }
        this.rule = readRule(args, given.get(0), given.get(0).key(), args.getDouble(given.get(0).key()));
        readOverrides(args, "ranks", RankRule.Kind.RANK);
        readOverrides(args, "ratios", RankRule.Kind.RATIO);
        readOverrides(args, "energies", RankRule.Kind.ENERGY);
    }

    private static RankRule readRule(PolicyArgs args, RankRule.Kind kind, String key, double value) {
        String problem = RankRule.problem(kind, value);
        if (problem != null) {
            throw args.error(key, problem);
        }
        return new RankRule(kind, value);
    }

    private void readOverrides(PolicyArgs args, String key, RankRule.Kind kind) {
        if (!args.has(key)) {
            return;
        }
        for (Map.Entry<String, Located<Double>> e : args.getDoubleMap(key).entrySet()) {
            Located<Double> v = e.getValue();
            String problem = RankRule.problem(kind, v.value());
            if (problem != null) {
                throw v.error(key + "." + e.getKey() + ": " + kind.key() + " " + problem);
            }
            if (overrides.containsKey(e.getKey())) {
                throw v.error(key + ": layer '" + e.getKey() + "' already has a " + overrides.get(e.getKey()).value());
            }
            overrides.put(e.getKey(), new Located<>(new RankRule(kind, v.value()), v.location()));
        }
    }

    @Override
    public void scheduled(SortedSet<Integer> activeEpochs) {
        if (activeEpochs.size() != 1) {
            throw new RecipeException(location, "LowRankFactorizer factorizes once: schedule it with epochs: [k], "
                    + "not in epochs " + activeEpochs);
        }
    }

    /**
     * Resolves the layers against the network; a name matching no layer, a layer that cannot be
     * factorized, or a fixed rank above a layer's full rank is a recipe error here.
     */
    @Override
    public void attach(PolicyContext context) {
        if (!(context.model() instanceof MultiLayerNetwork net)) {
            throw new RecipeException(location, "LowRankFactorizer works on a MultiLayerNetwork, not on "
                    + context.model().getClass().getSimpleName());
        }
        Layer[] layers = net.getLayers();
        List<String> names = new ArrayList<>();
        Map<String, org.deeplearning4j.nn.conf.layers.Layer> confs = new LinkedHashMap<>();
        for (int i = 0; i < layers.length; i++) {
            String name = MultiLayerSurgery.nameOf(layers[i].conf().getLayer(), i);
            names.add(name);
            confs.put(name, layers[i].conf().getLayer());
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (Located<String> pattern : layerPatterns.patterns()) {
            boolean literal = names.contains(pattern.value());
            List<String> hits = WeightPatterns.matches(pattern, names).stream()
                    .filter(n -> literal || LowRankFactorization.isFactorizable(confs.get(n))).toList();
            if (hits.isEmpty()) {
                throw pattern.error("'" + pattern.value() + "' matches no factorizable layer"
                        + Suggestions.hint(pattern.value(), names));
            }
            for (String hit : hits) {
                if (!LowRankFactorization.isFactorizable(confs.get(hit))) {
                    throw pattern.error("layer '" + hit + "' is a " + confs.get(hit).getClass().getSimpleName()
                            + "; only DenseLayer, OutputLayer and ConvolutionLayer can be factorized");
                }
            }
            chosen.addAll(hits);
        }
        for (Map.Entry<String, Located<RankRule>> e : overrides.entrySet()) {
            if (!chosen.contains(e.getKey())) {
                throw e.getValue().error("'" + e.getKey() + "' is not among the layers to factorize " + chosen
                        + Suggestions.hint(e.getKey(), chosen));
            }
        }
        Map<String, RankRule> rules = new LinkedHashMap<>();
        for (String name : names) {
            if (!chosen.contains(name)) {
                continue;
            }
            Located<RankRule> override = overrides.get(name);
            RankRule r = override != null ? override.value() : rule;
            int full = LowRankFactorization.fullRank(confs.get(name));
            if (r.kind() == RankRule.Kind.RANK && r.value() > full) {
                RecipeLocation where = override != null ? override.location() : location;
                throw new RecipeException(where, "rank " + (long) r.value() + " exceeds layer " + name
                        + "'s full rank " + full);
            }
            rules.put(name, r);
        }
        resolved = java.util.Collections.unmodifiableMap(rules);
    }

    /** Layer name → rank rule, in network order; only after {@link #attach}. */
    public Map<String, RankRule> rules() {
        if (resolved == null) {
            throw new IllegalStateException("LowRankFactorizer is not attached: call attach(context) first");
        }
        return resolved;
    }

    @Override
    public void onEpochBegin(PolicyContext context) {
        Map<String, RankRule> rules = rules();
        if (done) {
            throw new IllegalStateException("LowRankFactorizer already factorized " + rules.keySet());
        }
        MultiLayerNetwork net = (MultiLayerNetwork) context.model();
        LowRankFactorization.Result result = LowRankFactorization.factorize(net, rules);
        context.replaceModel(result.network());
        done = true;
        for (LayerFactorization f : result.layers()) {
            context.report(f.layer() + ".rank", f.rank());
            context.report(f.layer() + ".kept_params", f.keptParams());
            context.report(f.layer() + ".energy", f.energy());
            LOG.info(String.format(java.util.Locale.ROOT,
                    "epoch %d: factorized %s (%s) at rank %d of %d -> %s, %s: %d -> %d params (%.1f%%), %.2f%% of the energy",
                    context.epoch(), f.layer(), f.rule(), f.rank(), f.fullRank(), f.first(), f.second(),
                    f.paramsBefore(), f.paramsAfter(), 100 * f.keptParams(), 100 * f.energy()));
        }
    }
}
