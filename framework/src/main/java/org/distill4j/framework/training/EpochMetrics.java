package org.distill4j.framework.training;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One epoch's figures: the fixed ones of results.json ({@code epoch, lr, train_loss, val_top1,
 * val_loss, weight_sparsity, seconds}) followed by what policies reported ({@code fc.target_sparsity}).
 */
public record EpochMetrics(int epoch, Map<String, Double> values) {

    public EpochMetrics {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public double get(String key) {
        Double v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no metric '" + key + "' in epoch " + epoch + ": " + values.keySet());
        }
        return v;
    }
}
