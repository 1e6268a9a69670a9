package org.distill4j.schedulers.testing;

import java.util.Map;
import org.distill4j.policies.Policy;
import org.distill4j.policies.config.Located;
import org.distill4j.policies.config.PolicyArgs;

/** Reads a required {@code amount}, an optional {@code label} and optional {@code levels}. */
public class CountingPolicy extends Policy {
    public final double amount;
    public final String label;
    public final Map<String, Located<Double>> levels;

    public CountingPolicy(PolicyArgs args) {
        amount = args.getDouble("amount");
        label = args.getString("label", "none");
        levels = args.has("levels") ? args.getDoubleMap("levels") : Map.of();
        if (amount < 0) {
            throw new IllegalArgumentException("amount must be at least 0, got " + amount);
        }
        if (amount > 1) {
            throw args.error("amount", "must be at most 1, got " + amount);
        }
    }
}
