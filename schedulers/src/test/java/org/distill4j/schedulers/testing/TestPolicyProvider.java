package org.distill4j.schedulers.testing;

import java.util.Map;
import org.distill4j.policies.Policy;
import org.distill4j.schedulers.PolicyProvider;

/** Registered in this module's test resources. */
public class TestPolicyProvider implements PolicyProvider {
    @Override
    public Map<String, Class<? extends Policy>> policies() {
        return Map.of("Counting", CountingPolicy.class);
    }
}
