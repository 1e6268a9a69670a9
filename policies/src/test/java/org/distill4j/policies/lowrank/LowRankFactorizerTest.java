package org.distill4j.policies.lowrank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.distill4j.policies.MapPolicyArgs;
import org.distill4j.policies.ModelParameters;
import org.distill4j.policies.ParameterMasks;
import org.distill4j.policies.PolicyContext;
import org.distill4j.policies.config.RecipeException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.learning.config.Nesterovs;

class LowRankFactorizerTest {

    @Test
    void replacesTheListedLayersInItsEpochAndReportsWhatItDid() {
        MultiLayerNetwork net = SmallNetworks.cnn(new Nesterovs(0.05, 0.9));
        LowRankFactorizer policy = new LowRankFactorizer(MapPolicyArgs.of("layers", List.of("conv2", "fc1"),
                "energy", 0.9, "ranks", Map.of("fc1", 3)));
        policy.scheduled(new TreeSet<>(List.of(2)));
        SwappingContext context = new SwappingContext(net);
        policy.attach(context);
        assertEquals(List.of("conv2", "fc1"), List.copyOf(policy.rules().keySet()));
        policy.onEpochBegin(context);

        assertNotSame(net, context.model());
        assertEquals(List.of("conv1.b", "conv1.W", "conv2_u.W", "conv2_v.b", "conv2_v.W", "fc1_u.W", "fc1_v.W", "fc1_v.b",
                "fc2.W", "fc2.b"), List.copyOf(context.parameters().names()));
        assertEquals(3.0, context.reports.get("fc1.rank"));
        assertTrue(context.reports.get("conv2.energy") >= 0.9);
        assertTrue(context.reports.containsKey("conv2.kept_params"));
        assertThrows(IllegalStateException.class, () -> policy.onEpochBegin(context), "it acts once");
    }

    @Test
    void aRegularExpressionPicksOnlyFactorizableLayers() {
        LowRankFactorizer policy = new LowRankFactorizer(MapPolicyArgs.of("layers", List.of(".*"), "ratio", 0.5));
        policy.attach(new SwappingContext(SmallNetworks.cnn(new Nesterovs(0.05, 0.9))));
        assertEquals(List.of("conv1", "conv2", "fc1", "fc2"), List.copyOf(policy.rules().keySet()));
    }

    @Test
    void recipeMistakesAreErrorsAtTheirPlace() {
        MultiLayerNetwork net = SmallNetworks.cnn(new Nesterovs(0.05, 0.9));
        assertError("exactly one of rank, ratio, energy", () -> new LowRankFactorizer(MapPolicyArgs.of(
                "layers", List.of("fc1"))));
        assertError("exactly one of rank, ratio, energy", () -> new LowRankFactorizer(MapPolicyArgs.of(
                "layers", List.of("fc1"), "rank", 3, "energy", 0.9)));
        assertError("ratio: must be in (0, 1]", () -> new LowRankFactorizer(MapPolicyArgs.of(
                "layers", List.of("fc1"), "ratio", 1.5)));
        assertError("rank 11 exceeds layer fc1's full rank 10", () -> new LowRankFactorizer(MapPolicyArgs.of(
                "layers", List.of("fc1"), "rank", 11)).attach(new SwappingContext(net)));
        assertError("'pool1' is a SubsamplingLayer", () -> new LowRankFactorizer(MapPolicyArgs.of(
                "layers", List.of("pool1"), "rank", 1)).attach(new SwappingContext(net)));
        assertError("'fc9' matches no factorizable layer", () -> new LowRankFactorizer(MapPolicyArgs.of(
                "layers", List.of("fc9"), "rank", 1)).attach(new SwappingContext(net)));
        assertError("'conv1' is not among the layers to factorize", () -> new LowRankFactorizer(MapPolicyArgs.of(
                "layers", List.of("fc1"), "rank", 1, "ranks", Map.of("conv1", 2))).attach(new SwappingContext(net)));
        assertError("factorizes once", () -> new LowRankFactorizer(MapPolicyArgs.of(
                "layers", List.of("fc1"), "rank", 1)).scheduled(new TreeSet<>(List.of(1, 2))));
    }

    private static void assertError(String expected, org.junit.jupiter.api.function.Executable action) {
        RecipeException e = assertThrows(RecipeException.class, action);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains("test.yaml:"), e.getMessage());
    }

    /** A context whose model the policy may replace, as the scheduler's. */
    private static final class SwappingContext implements PolicyContext {
        private Model model;
        private ModelParameters parameters;
        final Map<String, Double> reports = new LinkedHashMap<>();

        SwappingContext(Model model) {
            replaceModel(model);
        }

        @Override
        public int epoch() {
            return 2;
        }

        @Override
        public int minibatch() {
            return -1;
        }

        @Override
        public int minibatchesPerEpoch() {
            return -1;
        }

        @Override
        public Model model() {
            return model;
        }

        @Override
        public void replaceModel(Model newModel) {
            model = newModel;
            parameters = ModelParameters.of(newModel);
        }

        @Override
        public ModelParameters parameters() {
            return parameters;
        }

        @Override
        public ParameterMasks masks() {
            return new ParameterMasks();
        }

        @Override
        public DataSet batch() {
            throw new IllegalStateException();
        }

        @Override
        public Gradient gradient() {
            throw new IllegalStateException();
        }

        @Override
        public double loss() {
            throw new IllegalStateException();
        }

        @Override
        public Map<String, Double> epochMetrics() {
            throw new IllegalStateException();
        }

        @Override
        public double initialLearningRate() {
            return 0.1;
        }

        @Override
        public double learningRate() {
            return 0.1;
        }

        @Override
        public void setLearningRate(double learningRate) {
        }

        @Override
        public void report(String key, double value) {
            reports.put(key, value);
        }
    }
}
