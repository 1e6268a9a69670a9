package org.distill4j.policies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.distill4j.policies.config.PolicyArgs;
import org.junit.jupiter.api.Test;

class BuiltInPoliciesTest {

    private static List<String> listedClassNames() throws IOException {
        try (InputStream in = BuiltInPoliciesTest.class.getResourceAsStream(
                "/META-INF/services/org.distill4j.policies.Policy")) {
            assertNotNull(in, "the services file is on the classpath");
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }

    @Test
    void theServicesFileListsEveryBuiltInBySimpleName() throws IOException {
        assertEquals(List.of("AutomatedGradualPruner", "SparsityLevelParameterPruner", "MagnitudeParameterPruner",
                        "StepLR", "MultiStepLR", "ExponentialLR", "CosineAnnealingLR", "KnowledgeDistillationPolicy",
                        "LowRankFactorizer", "QuantAwareTrainRangeLinearQuantizer", "PostTrainLinearQuantizer",
                        "DorefaQuantizer", "TernaryQuantizer", "SensitivityPruner", "SplicingPruner",
                        "L1RankedStructureParameterPruner", "L2RankedStructureParameterPruner",
                        "L1RankedStructureParameterPruner_AGP", "L2RankedStructureParameterPruner_AGP",
                        "FilterRemover", "ChannelRemover", "NeuronRemover", "L1Regularizer", "GroupLassoRegularizer"),
                listedClassNames().stream().map(n -> n.substring(n.lastIndexOf('.') + 1)).toList());
    }

    @Test
    void everyListedClassIsAConcretePolicyWithAPublicArgsConstructor() throws Exception {
        for (String name : listedClassNames()) {
            Class<?> type = Class.forName(name, false, getClass().getClassLoader());
            assertTrue(Policy.class.isAssignableFrom(type), name + " extends Policy");
            assertTrue(Modifier.isPublic(type.getModifiers()) && !Modifier.isAbstract(type.getModifiers()), name);
            assertTrue(Modifier.isPublic(type.getConstructor(PolicyArgs.class).getModifiers()), name);
        }
    }
}
