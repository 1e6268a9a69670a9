package org.distill4j.policies.pruning;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.distill4j.policies.ModelParameters;
import org.distill4j.policies.Policy;
import org.distill4j.policies.PolicyContext;
import org.distill4j.policies.PrunesParameters;
import org.distill4j.policies.config.PolicyArgs;
import org.distill4j.policies.config.RecipeException;
import org.distill4j.policies.config.RecipeLocation;
import org.distill4j.policies.config.WeightPatterns;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Template of Distiller's ranked structure pruners: in every active epoch, each weight's
 * structures ({@code group_type}: Filters, Channels, Rows, Cols — see {@link StructureType}) are
 * ranked by a norm of their elements and the weakest {@code floor(fraction · count)} are masked
 * as a whole (Li et al., "Pruning Filters for Efficient ConvNets", ICLR 2017, rank filters by L1).
 *
 * <p>Common recipe arguments:
 * <ul>
 * <li>{@code weights} (required): weight names or whole-name regular expressions;</li>
 * <li>{@code group_type} (required): {@code Filters} or {@code Channels} for convolution weights,
 *     {@code Rows} (output neurons) or {@code Cols} (inputs) for dense weights;</li>
 * <li>{@code group_dependency} (optional, only {@code Leader}): the first weight listed (the
 *     leader; for a regular expression, its first match in network order) is ranked and every
 *     other weight prunes the same structure indices (they must all have as many structures), as
 *     Distiller's leader is the first weight of its group; without it each weight is ranked on
 *     its own.</li>
 * </ul>
 * With {@code Filters} and {@code Rows} the pruned unit's bias is masked too, so that the unit's
 * output is exactly {@code activation(0)} and a thinning extension that removes it changes
 * nothing. A mask is recomputed from the current (already masked) weights, whose pruned
 * structures have norm 0 and are ranked first: with a non-decreasing fraction, pruned structures
 * stay pruned.
 *
 * <p>Run a thinning extension ({@code FilterRemover}, ...) only after the pruner's last active
 * epoch: a pruner active after thinning ranks the structures that are left.
 */
public abstract class RankedStructurePruner extends Policy implements PrunesParameters {
    private final WeightPatterns patterns;
    private final StructureType type;
    private final boolean leader;
    private final int norm;
    private final RecipeLocation typeLocation;
    private final RecipeLocation dependencyLocation;
    private List<String> weights;

    protected RankedStructurePruner(PolicyArgs args, int norm) {
        this.norm = norm;
        this.typeLocation = args.locationOf("group_type");
        this.dependencyLocation = args.locationOf("group_dependency");
        this.patterns = new WeightPatterns(args.getStringList("weights"));
        if (patterns.patterns().isEmpty()) {
            throw args.error("weights", "must name at least one weight");
        }
        if (!args.has("group_type")) {
            throw args.error("group_type", "is required: Filters, Channels, Rows or Cols");
        }
        this.type = args.getEnum("group_type", StructureType.class, null);
        String dependency = args.getString("group_dependency", "");
        if (!dependency.isEmpty() && !dependency.equalsIgnoreCase("Leader")) {
            throw args.error("group_dependency", "the only dependency is Leader, got '" + dependency + "'");
        }
        this.leader = !dependency.isEmpty();
    }

    /** Reads a fraction argument in [0, 1). */
    protected static double fraction(PolicyArgs args, String key) {
        double v = args.getDouble(key);
        if (!(v >= 0 && v < 1)) {
            throw args.error(key, "must be in [0, 1), got " + v);
        }
        return v;
    }

    @Override
    public void attach(PolicyContext context) {
        ModelParameters parameters = context.parameters();
        List<String> resolved = new ArrayList<>(patterns.resolve(parameters.names()));
        if (leader) { // the leader goes first: the first weight listed
            String first = WeightPatterns.matches(patterns.patterns().get(0), parameters.names()).get(0);
            resolved.remove(first);
            resolved.add(0, first);
        }
        for (String name : resolved) {
            try {
                Structures.check(name, parameters.get(name), type);
            } catch (IllegalArgumentException e) {
                throw new RecipeException(typeLocation, "group_type: " + e.getMessage());
            }
        }
        if (leader) {
            int n = Structures.count(parameters.get(resolved.get(0)), type);
            for (String name : resolved) {
                if (Structures.count(parameters.get(name), type) != n) {
                    throw new RecipeException(dependencyLocation, "group_dependency: Leader needs as many structures "
                            + "in every weight: " + name + " has " + Structures.count(parameters.get(name), type) + " "
                            + type + ", the leader " + resolved.get(0) + " has " + n);
                }
            }
        }
        weights = List.copyOf(resolved);
    }

    /** The fraction of structures to prune in the context's epoch, in [0, 1). */
    protected abstract double fraction(PolicyContext context);

    @Override
    public void onEpochBegin(PolicyContext context) {
        double fraction = fraction(context);
        ModelParameters parameters = context.parameters();
        boolean[] leading = null;
        for (String name : weights()) {
            if (!parameters.contains(name)) {
                continue; // removed by surgery
            }
            INDArray w = parameters.get(name);
            boolean[] pruned;
            if (leader && leading != null) {
                pruned = leading;
            } else {
                double[] norms = Structures.norms(masked(context, name, w), type, norm);
                pruned = Structures.smallest(norms, MagnitudeMasks.prunedCount(norms.length, fraction));
                leading = pruned;
            }
            if (pruned.length != Structures.count(w, type)) {
                throw new IllegalStateException(name + " no longer has as many " + type + " as the leader");
            }
            context.masks().set(name, Structures.mask(w, type, pruned));
            String bias = name.substring(0, name.lastIndexOf('.')) + ".b";
            if (type.isOutput() && parameters.contains(bias) && parameters.get(bias).length() == pruned.length) {
                context.masks().set(bias, Structures.biasMask(parameters.get(bias), pruned));
            }
        }
        context.report("target_sparsity", fraction);
    }

    private static INDArray masked(PolicyContext context, String name, INDArray w) {
        INDArray mask = context.masks().get(name);
        return mask == null || !java.util.Arrays.equals(mask.shape(), w.shape()) ? w : w.mul(mask);
    }

    public List<String> weights() {
        if (weights == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " is not attached: call attach(context) first");
        }
        return weights;
    }

    @Override
    public Collection<String> prunedParameters() {
        return new ArrayList<>(weights());
    }

    public StructureType groupType() {
        return type;
    }
}
