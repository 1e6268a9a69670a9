package org.distill4j.schedulers.testing;

import org.distill4j.policies.Policy;
import org.distill4j.policies.config.PolicyArgs;

/** A constructor that fails with something other than a recipe error. */
public class ExplodingPolicy extends Policy {
    public ExplodingPolicy(PolicyArgs args) {
        throw new IllegalStateException("boom");
    }
}
