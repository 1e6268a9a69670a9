package org.distill4j.framework.experiment;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.distill4j.framework.models.OptimizerSettings;
import org.distill4j.policies.PrunesParameters;
import org.distill4j.schedulers.CompressionScheduler;
import org.distill4j.schedulers.LearningRateControl;
import org.distill4j.schedulers.PolicyRegistry;
import org.distill4j.schedulers.ScheduledPolicy;
import org.distill4j.schedulers.recipe.OptimizerSpec;
import org.distill4j.schedulers.recipe.Recipe;

/**
 * A recipe made concrete: the network, its policies and the scheduler attached to it. Building
 * one checks everything that can be checked without data (architecture names, parameter names,
 * policy arguments), so {@code distill validate} and {@code distill run} fail alike and early.
 */
public final class Experiment {
    private final Recipe recipe;
    private final MultiLayerNetwork net;
    private final CompressionScheduler scheduler;

    private Experiment(Recipe recipe, MultiLayerNetwork net, CompressionScheduler scheduler) {
        this.recipe = recipe;
        this.net = net;
        this.scheduler = scheduler;
    }

    public static Experiment prepare(Recipe recipe, PolicyRegistry registry) {
        MultiLayerNetwork net = ModelFactory.create(recipe.model(), recipe.training().seed(),
                optimizer(recipe.training().optimizer()));
        List<ScheduledPolicy> policies = recipe.buildPolicies(registry);
        CompressionScheduler scheduler = new CompressionScheduler(policies);
        scheduler.attach(net, LearningRateControl.of(net));
        return new Experiment(recipe, net, scheduler);
    }

    public static OptimizerSettings optimizer(OptimizerSpec spec) {
        return new OptimizerSettings(spec.type().recipeName(), spec.lr(), spec.momentum(), spec.weightDecay(),
                spec.beta1(), spec.beta2(), spec.epsilon());
    }

    public Recipe recipe() {
        return recipe;
    }

    public MultiLayerNetwork net() {
        return net;
    }

    public CompressionScheduler scheduler() {
        return scheduler;
    }

    /** The layers whose parameters some policy of the recipe prunes (empty when none does). */
    public Set<String> prunedLayers() {
        Set<String> layers = new LinkedHashSet<>();
        for (ScheduledPolicy p : scheduler.policies()) {
            if (p.policy() instanceof PrunesParameters pruner) {
                for (String name : pruner.prunedParameters()) {
                    // from the name, not the current network: a pruned layer may since have been replaced
                    layers.add(name.substring(0, name.lastIndexOf('.')));
                }
            }
        }
        return layers;
    }
}
