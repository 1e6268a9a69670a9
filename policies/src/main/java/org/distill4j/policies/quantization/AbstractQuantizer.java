package org.distill4j.policies.quantization;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.weightnoise.IWeightNoise;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.distill4j.policies.Policy;
import org.distill4j.policies.PolicyContext;
import org.distill4j.policies.ProducesArtifact;
import org.distill4j.policies.config.PolicyArgs;
import org.distill4j.policies.config.RecipeException;
import org.distill4j.policies.config.RecipeLocation;
import org.nd4j.linalg.activations.IActivation;

/**
 * What every linear quantizer shares: the recipe arguments, the per-layer plan with regular
 * expression overrides, installing fake quantization in the layer configurations (and removing
 * it), and the integer model file.
 *
 * <p>Recipe arguments (defaults beside them, as in Distiller):
 * <ul>
 * <li>{@code bits_weights} (8), {@code bits_activations} (8; 0 keeps activations in float),
 *     {@code bits_bias} (32: int32 biases with scale {@code s_w·s_in}; fewer bits fake-quantize the bias)</li>
 * <li>{@code mode}: {@code symmetric} (default), {@code asymmetric_unsigned}, {@code asymmetric_signed},
 *     or a mapping {@code {weights: .., activations: ..}}</li>
 * <li>{@code per_channel_wts} (false): one weight scale per output channel</li>
 * <li>{@code overrides}: a mapping from a regular expression on layer names to any of the keys above,
 *     or {@code null} to keep the layer in float; the first pattern that matches the whole name wins.
 *     A pattern that matches no layer is an error.</li>
 * </ul>
 * Layers with weights (dense, convolution, output) are quantized; their output activations are
 * fake-quantized except the output layer's (its logits stay 32-bit accumulators; top-1 is their argmax).
 * Inputs are expected as {@code pixel / 255}, which 8-bit unsigned codes with scale 1/255 represent exactly.
 *
 * <p>Fake quantization is installed at {@link #onEpochBegin} of the first active epoch, so float
 * epochs may come first, and stays until {@link #detach} (the final model is the quantized one).
 */
public abstract class AbstractQuantizer extends Policy implements ProducesArtifact {
    /** The integer model's file name in the run folder. */
    public static final String ARTIFACT = "model.dq";

    private final String instanceName;
    private final Settings defaults;
    private final List<OverrideRule> overrides = new ArrayList<>();
    private final RecipeLocation overridesLocation;
    private final Map<String, LayerQuantSpec> plan = new LinkedHashMap<>();
    private final Map<Object, IActivation> originalActivation = new IdentityHashMap<>();
    private final Map<Object, IWeightNoise> originalNoise = new IdentityHashMap<>();
    private boolean applied;

    /** The keys one layer's settings may set (top level and in each override). */
    record Settings(int bitsWeights, int bitsActivations, int bitsBias, QuantMode modeWeights,
                    QuantMode modeActivations, boolean perChannel) {
    }

    private record OverrideRule(String regex, Pattern pattern, Optional<Settings> settings) {
    }

    protected AbstractQuantizer(PolicyArgs args) {
        this(args, 8);
    }

    /** With a scheme's own default weight bits (ternary: 2). */
    protected AbstractQuantizer(PolicyArgs args, int defaultBitsWeights) {
        this.instanceName = args.instanceName();
        this.defaults = readSettings(args, new Settings(defaultBitsWeights, 8, 32, QuantMode.SYMMETRIC,
                QuantMode.SYMMETRIC, false));
        this.overridesLocation = args.locationOf("overrides");
        if (args.has("overrides")) {
            for (Map.Entry<String, Optional<PolicyArgs>> e : args.getMappings("overrides").entrySet()) {
                Pattern p;
                try {
                    p = Pattern.compile(e.getKey());
                } catch (PatternSyntaxException ex) {
                    throw args.error("overrides", "'" + e.getKey() + "' is not a regular expression: " + ex.getDescription());
                }
                overrides.add(new OverrideRule(e.getKey(), p, e.getValue().map(o -> readSettings(o, defaults))));
            }
        }
    }

    private Settings readSettings(PolicyArgs a, Settings base) {
        int bw = a.getInt("bits_weights", base.bitsWeights());
        int ba = a.getInt("bits_activations", base.bitsActivations());
        int bb = a.getInt("bits_bias", base.bitsBias());
        QuantMode mw = base.modeWeights();
        QuantMode ma = base.modeActivations();
        if (a.isMapping("mode")) {
            PolicyArgs m = a.getMapping("mode");
            mw = m.getEnum("weights", QuantMode.class, mw);
            ma = m.getEnum("activations", QuantMode.class, ma);
        } else if (a.has("mode")) {
            mw = a.getEnum("mode", QuantMode.class, mw);
            ma = mw;
        }
        boolean pc = a.getBoolean("per_channel_wts", base.perChannel());
        if (bw < 1 || bw > 8) {
            throw a.error("bits_weights", "must be in 1..8, got " + bw);
        }
        if (ba != 0 && (ba < 2 || ba > 8)) {
            throw a.error("bits_activations", "must be 0 (float) or in 2..8, got " + ba);
        }
        if (bb < 8 || bb > 32) {
            throw a.error("bits_bias", "must be in 8..32, got " + bb);
        }
        try {
            weightQuantizer(bw, mw, pc);
        } catch (IllegalArgumentException e) {
            throw a.error("bits_weights", e.getMessage());
        }
        return new Settings(bw, ba, bb, mw, ma, pc);
    }

    /** The weight quantizer for a layer's settings; subclasses choose the scheme. */
    protected abstract WeightQuantizer weightQuantizer(int bits, QuantMode mode, boolean perChannel);

    public String instanceName() {
        return instanceName;
    }

    @Override
    public void attach(PolicyContext context) {
        plan(network(context.model()));
    }

    /** Resolves every layer's settings; a pattern that matches no layer is an error. */
    public Map<String, LayerQuantSpec> plan(MultiLayerNetwork net) {
        plan.clear();
        boolean[] used = new boolean[overrides.size()];
        List<String> names = new ArrayList<>();
        for (Layer layer : net.getLayers()) {
            org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
            String name = conf.getLayerName();
            names.add(name);
            if (!(conf instanceof BaseLayer) || !layer.paramTable().containsKey("W")) {
                continue;
            }
            Optional<Settings> settings = Optional.of(defaults);
            for (int i = 0; i < overrides.size(); i++) {
                if (overrides.get(i).pattern().matcher(name).matches()) {
                    used[i] = true;
                    settings = overrides.get(i).settings();
                    break;
                }
            }
            if (settings.isEmpty()) {
                continue; // kept in float
            }
            Settings s = settings.get();
            int bitsActivations = conf instanceof BaseOutputLayer ? 0 : s.bitsActivations();
            plan.put(name, new LayerQuantSpec(weightQuantizer(s.bitsWeights(), s.modeWeights(), s.perChannel()),
                    bitsActivations, s.modeActivations(), s.bitsBias()));
        }
        for (int i = 0; i < used.length; i++) {
            if (!used[i]) {
                throw new RecipeException(overridesLocation, "overrides: '" + overrides.get(i).regex()
                        + "' matches no layer (layers: " + String.join(", ", names) + ")");
            }
        }
        return Map.copyOf(plan);
    }

    /** The settings of each quantized layer, in layer order (after {@link #attach} or {@link #plan}). */
    public Map<String, LayerQuantSpec> layerPlan() {
        return java.util.Collections.unmodifiableMap(plan);
    }

    @Override
    public void onEpochBegin(PolicyContext context) {
        if (!applied) {
            apply(network(context.model()));
        }
    }

    /** Installs fake quantization of weights and activations in the network's layer configurations. */
    public void apply(MultiLayerNetwork net) {
        if (plan.isEmpty()) {
            plan(net);
        }
        for (Layer layer : net.getLayers()) {
            LayerQuantSpec spec = plan.get(layer.conf().getLayer().getLayerName());
            if (spec == null) {
                continue;
            }
            BaseLayer conf = (BaseLayer) layer.conf().getLayer();
            originalNoise.put(conf, conf.getWeightNoise());
            originalActivation.put(conf, conf.getActivationFn());
            installWeights(conf, spec);
            if (spec.bitsActivations() > 0) {
                conf.setActivationFn(newActivation(conf.getActivationFn(), spec));
            }
        }
        applied = true;
    }

    protected void installWeights(BaseLayer conf, LayerQuantSpec spec) {
        conf.setWeightNoise(new FakeQuantWeightNoise(spec.weights(), spec.bitsBias()));
    }

    protected FakeQuantActivation newActivation(IActivation inner, LayerQuantSpec spec) {
        return new FakeQuantActivation(inner, spec.bitsActivations(), spec.modeActivations(), 0.999);
    }

    /** Whether fake quantization is installed. */
    public boolean isApplied() {
        return applied;
    }

    /** Removes fake quantization: the network computes in float again, exactly as before {@link #apply}. */
    public void detach(MultiLayerNetwork net) {
        for (Layer layer : net.getLayers()) {
            org.deeplearning4j.nn.conf.layers.Layer c = layer.conf().getLayer();
            if (c instanceof BaseLayer conf && originalActivation.containsKey(conf)) {
                conf.setWeightNoise(originalNoise.get(conf));
                conf.setActivationFn(originalActivation.get(conf));
            }
        }
        originalNoise.clear();
        originalActivation.clear();
        applied = false;
    }

    /** The fake-quantizing activations installed in the network, by layer name. */
    public static Map<String, FakeQuantActivation> activations(MultiLayerNetwork net) {
        Map<String, FakeQuantActivation> result = new LinkedHashMap<>();
        for (Layer layer : net.getLayers()) {
            if (layer.conf().getLayer() instanceof BaseLayer conf && conf.getActivationFn() instanceof FakeQuantActivation a) {
                result.put(conf.getLayerName(), a);
            }
        }
        return result;
    }

    static MultiLayerNetwork network(Model model) {
        if (model instanceof MultiLayerNetwork net) {
            return net;
        }
        throw new IllegalStateException("quantizers need a MultiLayerNetwork, got " + model.getClass().getSimpleName());
    }

    @Override
    public String artifactName() {
        return ARTIFACT;
    }

    @Override
    public void writeArtifact(Model model, OutputStream out) throws IOException {
        DqModelWriter.write(network(model), out);
    }

    @Override
    public Map<String, Map<String, Object>> artifactLayers(Model model) {
        return DqModelWriter.layerBits(network(model));
    }
}
